//! Cycles and multiple cascade paths of referential actions, the two rules Prisma applies to
//! the relations of SQL Server (which refuses such foreign keys) and of any schema whose
//! relations Prisma emulates (`relationMode = "prisma"`, MongoDB):
//!
//! - a **cycle**: following the relations that modify their referencing records (an `onDelete` or
//!   `onUpdate` other than `NoAction` and `Restrict`) from a relation's referenced model leads
//!   back to its referencing model; a relation of a model with itself is a cycle of its own;
//! - **multiple cascade paths** (SQL Server with foreign keys only): two relations of a model
//!   both cascade, through other models, to the same model.
//!
//! Only 1:1 and 1:n relations defined on both sides are followed. Each check runs per relation,
//! first among that relation's checks, and reports on its forward field. The walks follow
//! Prisma's (depth first, the relations of a model by referenced model, then by relation), so the
//! same path is named in the message; where the walk stops and which paths it keeps are Prisma's
//! too, quirks included: a cascading self relation met on the way is reported as a self relation
//! on the relation the walk started from, and paths that end in a cycle or a self relation do not
//! count as cascade paths.

use super::{codes, FieldId, ModelId, ReferentialAction, RelationKind, RelationWalker, Schema};
use crate::connector::{Capability, RelationMode};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A 1:1 or 1:n relation defined on both sides: an edge from the referencing model to the
/// referenced one.
struct Edge {
    from: ModelId,
    to: ModelId,
    forward: FieldId,
    /// Whether `onDelete` or `onUpdate` (explicit or default) modifies the referencing records.
    triggers: bool,
}

/// The relation graph of one schema, built once for all relations.
pub(super) struct Cascades<'a> {
    schema: &'a Schema,
    /// Per relation id: its edge, if it is a complete 1:1 or 1:n relation.
    edge_of: Vec<Option<u32>>,
    edges: Vec<Edge>,
    /// Per model: the edges leaving it, by referenced model, then by relation (Prisma's order).
    from: Vec<Vec<u32>>,
    /// SQL Server with foreign keys: multiple cascade paths are refused too.
    multiple_paths: bool,
}

/// Whether an action modifies the records that reference the changed one.
fn modifies(action: ReferentialAction) -> bool {
    !matches!(action, ReferentialAction::NoAction | ReferentialAction::Restrict)
}

/// `onDelete` as Prisma resolves it for these checks: the explicit action, or the default for the
/// relation's referential arity (required when a referencing field is required; without one, the
/// relation field's own arity).
fn on_delete(r: RelationWalker<'_>) -> ReferentialAction {
    if let Some(action) = r.explicit_on_delete() {
        return action;
    }
    let Some(forward) = r.forward_field() else { return ReferentialAction::NoAction };
    let required =
        forward.is_required() || forward.referencing_fields().is_some_and(|mut f| f.any(|f| f.is_required()));
    let connector = crate::connector::connector_for(r.schema.provider);
    let action = connector.default_on_delete(required, r.schema.relation_mode);
    ReferentialAction::from_name(action.name()).unwrap_or(ReferentialAction::NoAction)
}

fn on_update(r: RelationWalker<'_>) -> ReferentialAction {
    r.explicit_on_update().unwrap_or(ReferentialAction::Cascade)
}

impl<'a> Cascades<'a> {
    /// The graph, or `None` when the schema's database and relation mode need neither check.
    pub(super) fn new(schema: &'a Schema) -> Option<Self> {
        let connector = crate::connector::connector_for(schema.provider);
        let detects = connector.has(Capability::ReferenceCycleDetection);
        let emulated = schema.relation_mode == RelationMode::Prisma && schema.provider.is_some();
        if !detects && !emulated {
            return None;
        }
        let mut edge_of = vec![None; schema.relations.len()];
        let mut edges = Vec::new();
        let mut from: Vec<Vec<u32>> = vec![Vec::new(); schema.models.len()];
        for r in schema.relations() {
            if !matches!(r.kind(), RelationKind::OneToOne | RelationKind::OneToMany) {
                continue;
            }
            let (Some(forward), Some(_)) = (r.forward_field(), r.back_field()) else { continue };
            let edge = Edge {
                from: r.get().model_a,
                to: r.get().model_b,
                forward: forward.id,
                triggers: modifies(on_delete(r)) || modifies(on_update(r)),
            };
            edge_of[r.id.0 as usize] = Some(edges.len() as u32);
            from[edge.from.0 as usize].push(edges.len() as u32);
            edges.push(edge);
        }
        // Relations are numbered in inference order: a stable sort by referenced model keeps it
        // within each referenced model.
        for list in &mut from {
            list.sort_by_key(|e| edges[*e as usize].to);
        }
        let multiple_paths = detects && schema.relation_mode == RelationMode::ForeignKeys;
        Some(Cascades { schema, edge_of, edges, from, multiple_paths })
    }

    /// Both checks on one relation (nothing for relations not defined on both sides).
    pub(super) fn check(&self, r: RelationWalker<'_>, d: &mut Diagnostics) {
        let Some(edge) = self.edge_of.get(r.id.0 as usize).copied().flatten() else { return };
        self.cycles(edge, r, d);
        if self.multiple_paths {
            self.multiple_paths(edge, r, d);
        }
    }

    fn edge(&self, e: u32) -> &Edge {
        &self.edges[e as usize]
    }

    /// "Model.field" of an edge's forward field.
    fn step(&self, e: u32) -> String {
        let field = self.schema.walk(self.edge(e).forward);
        format!("{}.{}", field.model().name(), field.name())
    }

    fn cycles(&self, start: u32, r: RelationWalker<'_>, d: &mut Diagnostics) {
        let parent = self.edge(start).from;
        let mut visited = vec![false; self.edges.len()];
        // Paths as a linked list in an arena: (previous node, edge).
        let mut nodes: Vec<(Option<u32>, u32)> = vec![(None, start)];
        let mut stack: Vec<(u32, u32)> = vec![(start, 0)];
        while let Some((e, node)) = stack.pop() {
            visited[e as usize] = true;
            let edge = self.edge(e);
            if !edge.triggers {
                continue;
            }
            if edge.from == edge.to {
                let message = "A self-relation must have `onDelete` and `onUpdate` referential actions set to `NoAction` in one of the @relation attributes.";
                d.push_error(self.error(codes::SELF_RELATION_CASCADE, message, r));
                return;
            }
            if edge.to == parent {
                let mut path = Vec::new();
                let mut at = Some(node);
                while let Some(n) = at {
                    let (previous, e) = nodes[n as usize];
                    path.push(self.step(e));
                    at = previous;
                }
                path.reverse();
                let message = format!(
                    "Reference causes a cycle. One of the @relation attributes in this cycle must have `onDelete` and `onUpdate` referential actions set to `NoAction`. Cycle path: {}.",
                    path.join(" → ")
                );
                d.push_error(self.error(codes::REFERENTIAL_ACTION_CYCLE, &message, r));
                return;
            }
            for &next in &self.from[edge.to.0 as usize] {
                if !visited[next as usize] {
                    nodes.push((Some(node), next));
                    stack.push((next, nodes.len() as u32 - 1));
                }
            }
        }
    }

    fn multiple_paths(&self, start: u32, r: RelationWalker<'_>, d: &mut Diagnostics) {
        if !self.edge(start).triggers {
            return;
        }
        let parent = self.edge(start).from;
        let triggering =
            |model: ModelId| self.from[model.0 as usize].iter().copied().filter(|e| self.edges[*e as usize].triggers);
        // Walk every path of modifying relations from the parent model, each relation at most once
        // per path, keeping the paths that end at a model with nowhere left to go (not those
        // that come back to the parent or meet a self relation). For each first relation of a
        // path: the models its paths reach.
        let mut nodes: Vec<(Option<u32>, u32)> = Vec::new();
        let mut stack: Vec<(u32, u32, Vec<u32>)> = Vec::new();
        for e in triggering(parent) {
            nodes.push((None, e));
            stack.push((e, nodes.len() as u32 - 1, Vec::new()));
        }
        let mut ends: Vec<u32> = Vec::new();
        while let Some((e, node, mut on_path)) = stack.pop() {
            on_path.push(e);
            let edge = self.edge(e);
            if edge.from == edge.to || edge.to == parent {
                continue;
            }
            let mut next = triggering(edge.to).filter(|n| !on_path.contains(n)).peekable();
            if next.peek().is_none() {
                ends.push(node);
                continue;
            }
            for n in next {
                nodes.push((Some(node), n));
                stack.push((n, nodes.len() as u32 - 1, on_path.clone()));
            }
        }
        // first relation of a path -> the models reached through it
        let mut reached: Vec<(u32, Vec<ModelId>)> = Vec::new();
        for end in ends {
            let mut models = Vec::new();
            let mut at = Some(end);
            let mut first = end;
            while let Some(n) = at {
                let (previous, e) = nodes[n as usize];
                models.push(self.edge(e).to);
                first = e;
                at = previous;
            }
            match reached.iter_mut().find(|(f, _)| *f == first) {
                Some((_, seen)) => seen.extend(models),
                None => reached.push((first, models)),
            }
        }
        let Some(mine) = reached.iter().find(|(f, _)| *f == start).map(|(_, m)| m) else { return };
        let mut common: Vec<&str> = reached
            .iter()
            .filter(|(f, _)| *f != start)
            .flat_map(|(_, theirs)| mine.iter().filter(|m| theirs.contains(m)))
            .map(|m| self.schema.walk(*m).name())
            .collect();
        common.sort_unstable();
        common.dedup();
        if common.is_empty() {
            return;
        }
        let listed: Vec<String> = common.iter().map(|m| format!("`{m}`")).collect();
        let (models, verb) = if common.len() == 1 { ("model", "is") } else { ("models", "are") };
        let message = format!(
            "When any of the records in {models} {} {verb} updated or deleted, the referential actions on the relations cascade to model `{}` through multiple paths. Please break one of these paths by setting the `onUpdate` and `onDelete` to `NoAction`.",
            listed.join(", "),
            r.referencing_model().name()
        );
        d.push_error(self.error(codes::MULTIPLE_CASCADE_PATHS, &message, r));
    }

    /// The error on the relation's forward field, naming the default actions that take part.
    fn error(&self, code: &'static str, message: &str, r: RelationWalker<'_>) -> Diagnostic {
        let implicit_delete = r.explicit_on_delete().is_none().then(|| on_delete(r)).filter(|a| modifies(*a));
        let implicit_update = r.explicit_on_update().is_none().then(|| on_update(r)).filter(|a| modifies(*a));
        let defaults = match (implicit_delete, implicit_update) {
            (Some(del), Some(upd)) => {
                format!(" (Implicit default `onDelete`: `{}`, and `onUpdate`: `{}`)", del.as_str(), upd.as_str())
            }
            (Some(del), None) => format!(" (Implicit default `onDelete`: `{}`)", del.as_str()),
            (None, Some(upd)) => format!(" (Implicit default `onUpdate`: `{}`)", upd.as_str()),
            (None, None) => String::new(),
        };
        let span = r.forward_field().map(|f| f.get().span).unwrap_or(r.model_a().get().span);
        Diagnostic::validation(
            code,
            format!("{message}{defaults} Read more at https://pris.ly/d/cyclic-referential-actions"),
            span,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFiles;

    const MODELS: &str = r#"
model A {
  id  Int @id
  bId Int
  b   B   @relation(fields: [bId], references: [id], onDelete: Cascade)
  bs  B[] @relation("ba")
}
model B {
  id  Int @id
  aId Int
  a   A   @relation("ba", fields: [aId], references: [id], onDelete: Cascade)
  as  A[]
}
"#;

    fn codes(datasource: &str) -> Vec<&'static str> {
        let text = format!("{datasource}\n{MODELS}");
        let s = crate::validate_schema(&SourceFiles::single("schema.prisma", text.as_str()));
        s.diagnostics.errors.iter().map(|d| d.code).collect()
    }

    #[test]
    fn checked_on_sql_server_and_emulated_relations_only() {
        let cycle = super::codes::REFERENTIAL_ACTION_CYCLE;
        assert_eq!(codes("datasource db {\n  provider = \"sqlserver\"\n}"), [cycle, cycle]);
        let emulated = "datasource db {\n  provider = \"postgresql\"\n  relationMode = \"prisma\"\n}";
        assert_eq!(codes(emulated), [cycle, cycle]);
        // Foreign keys elsewhere, and no datasource at all: cycles are the database's business.
        assert!(codes("datasource db {\n  provider = \"postgresql\"\n}").is_empty());
        assert!(codes("datasource db {\n  provider = \"mysql\"\n  relationMode = \"foreignKeys\"\n}").is_empty());
        assert!(codes("").is_empty());
    }
}
