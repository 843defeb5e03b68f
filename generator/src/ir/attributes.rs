//! Pass 3: attributes. Reads `@id`, `@unique`, `@map`, `@default`, `@updatedAt`, `@ignore`,
//! `@relation`, native types, `@@id`, `@@unique`, `@@index`, `@@fulltext`, `@@map`, `@@schema`,
//! `@@ignore` into the IR (Prisma's `attributes.rs`, with its argument rules and messages).
//!
//! Every attribute set is visited through [`AttrSet`]: attributes that no rule consumed are
//! reported as unknown, attributes that may appear once are reported when repeated. Every argument
//! list goes through [`Args`]: arguments that no rule consumed are reported ("No such argument.").

use super::FastMap as HashMap;

use super::codes;
use super::names::Names;
use super::types::{field_type, Typed};
use super::{
    CompositeTypeId, DefaultExpr, DefaultFunction, DefaultValue, FieldId, FieldKind, Index, IndexAlgorithm, IndexField,
    IndexKind, Literal, ModelId, NativeType, OperatorClass, PrimaryKey, ReferentialAction, ScalarType, Schema,
    SortOrder,
};
use crate::ast::{self, Attribute, Expression, FieldArity, Name};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::Span;

// ------------------------------------------------------------------------------------------------
// Attribute and argument visiting
// ------------------------------------------------------------------------------------------------

struct AttrSet<'a> {
    attrs: &'a [Attribute],
    used: Used,
    block: bool,
    /// [`known_bit`] of every attribute of the set: a lookup of a name that is not there ends on
    /// one test instead of comparing it with every attribute.
    present: u32,
}

/// A bit per attribute name the visitors look up; 0 for other names (always searched).
#[inline(always)]
fn known_bit(name: &str) -> u32 {
    match name {
        "map" => 1 << 0,
        "ignore" => 1 << 1,
        "relation" => 1 << 2,
        "id" => 1 << 3,
        "shardKey" => 1 << 4,
        "updatedAt" => 1 << 5,
        "default" => 1 << 6,
        "unique" => 1 << 7,
        "index" => 1 << 8,
        "fulltext" => 1 << 9,
        "schema" => 1 << 10,
        _ => 0,
    }
}

/// Which attributes of a set were visited: a bit mask, a vector beyond 128 attributes.
enum Used {
    Small(u128),
    Big(Vec<bool>),
}

impl Used {
    fn get(&self, i: usize) -> bool {
        match self {
            Used::Small(bits) => i < 128 && bits & (1u128 << i) != 0,
            Used::Big(v) => v.get(i).copied().unwrap_or(false),
        }
    }

    fn set(&mut self, i: usize) {
        match self {
            Used::Small(bits) => {
                if i < 128 {
                    *bits |= 1u128 << i
                }
            }
            Used::Big(v) => {
                if let Some(b) = v.get_mut(i) {
                    *b = true
                }
            }
        }
    }
}

impl<'a> AttrSet<'a> {
    fn new(attrs: &'a [Attribute], block: bool) -> Self {
        let used = if attrs.len() <= 128 { Used::Small(0) } else { Used::Big(vec![false; attrs.len()]) };
        let present = attrs.iter().fold(0, |bits, a| bits | known_bit(&a.name.name));
        AttrSet { attrs, used, block, present }
    }

    /// Whether an attribute called `name` may be in the set (false: certainly not).
    #[inline(always)]
    fn may_have(&self, name: &str) -> bool {
        let bit = known_bit(name);
        bit == 0 || self.present & bit != 0
    }

    /// An attribute that may appear at most once. Repeated: every occurrence is reported and none
    /// is returned.
    #[inline(always)]
    fn single(&mut self, name: &str, d: &mut Diagnostics) -> Option<&'a Attribute> {
        if !self.may_have(name) {
            return None;
        }
        self.single_present(name, d)
    }

    fn single_present(&mut self, name: &str, d: &mut Diagnostics) -> Option<&'a Attribute> {
        let mut matching = self.attrs.iter().enumerate().filter(|(_, a)| a.name.name == name);
        let (first_idx, first) = matching.next()?;
        if matching.next().is_some() {
            for (i, a) in self.attrs.iter().enumerate().filter(|(_, a)| a.name.name == name) {
                d.push_error(Diagnostic::error(
                    codes::DUPLICATE_ATTRIBUTE,
                    format!("Attribute \"@{}\" can only be defined once.", a.name.name),
                    a.span,
                ));
                self.used.set(i);
            }
            return None;
        }
        self.used.set(first_idx);
        Some(first)
    }

    /// The next not yet visited occurrence of a repeatable attribute.
    fn repeated(&mut self, name: &str) -> Option<&'a Attribute> {
        if !self.may_have(name) {
            return None;
        }
        let (i, a) = self.attrs.iter().enumerate().find(|(i, a)| !self.used.get(*i) && a.name.name == name)?;
        self.used.set(i);
        Some(a)
    }

    /// The datasource-scoped attribute (`@db.VarChar(255)`), if any.
    fn scoped(&mut self, d: &mut Diagnostics) -> Option<&'a Attribute> {
        let mut found = None;
        for (i, a) in self.attrs.iter().enumerate() {
            if let Some((scope, _)) = a.name.name.split_once('.') {
                self.used.set(i);
                if found.replace(a).is_some() {
                    d.push_error(Diagnostic::error(
                        codes::DUPLICATE_ATTRIBUTE,
                        format!("Attribute \"@{scope}\" can only be defined once."),
                        a.span,
                    ));
                }
            }
        }
        found
    }

    fn finish(self, d: &mut Diagnostics) {
        for (i, a) in self.attrs.iter().enumerate() {
            if !self.used.get(i) {
                d.push_error(Diagnostic::error(
                    codes::UNKNOWN_ATTRIBUTE,
                    format!("Attribute not known: \"@{}\".", a.name.name),
                    a.span,
                ));
            }
        }
    }

    fn display_name(&self, a: &Attribute) -> String {
        format!("{}{}", if self.block { "@@" } else { "@" }, a.name.name)
    }
}

struct Args<'a> {
    attr: &'a Attribute,
    /// A block attribute (`@@name`): for the name in messages, built only when one is reported.
    block: bool,
    /// Remaining arguments: name (None: unnamed) -> index. A later duplicate replaces an earlier one.
    remaining: Remaining<'a>,
}

/// The remaining arguments of an attribute: inline up to [`Remaining::INLINE`] (nearly every
/// attribute), on the heap beyond.
enum Remaining<'a> {
    Inline(usize, [(Option<&'a str>, usize); Remaining::INLINE]),
    Heap(Vec<(Option<&'a str>, usize)>),
}

impl<'a> Remaining<'a> {
    const INLINE: usize = 4;

    fn new(capacity: usize) -> Self {
        if capacity <= Self::INLINE {
            Remaining::Inline(0, [(None, 0); Self::INLINE])
        } else {
            Remaining::Heap(Vec::with_capacity(capacity))
        }
    }

    fn as_slice(&self) -> &[(Option<&'a str>, usize)] {
        match self {
            Remaining::Inline(len, items) => &items[..*len],
            Remaining::Heap(v) => v,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [(Option<&'a str>, usize)] {
        match self {
            Remaining::Inline(len, items) => &mut items[..*len],
            Remaining::Heap(v) => v,
        }
    }

    fn push(&mut self, item: (Option<&'a str>, usize)) {
        match self {
            Remaining::Inline(len, items) if *len < Self::INLINE => {
                items[*len] = item;
                *len += 1;
            }
            Remaining::Inline(len, items) => {
                let mut v = items[..*len].to_vec();
                v.push(item);
                *self = Remaining::Heap(v);
            }
            Remaining::Heap(v) => v.push(item),
        }
    }

    fn remove(&mut self, pos: usize) -> (Option<&'a str>, usize) {
        match self {
            Remaining::Inline(len, items) => {
                let item = items[pos];
                items.copy_within(pos + 1..*len, pos);
                *len -= 1;
                item
            }
            Remaining::Heap(v) => v.remove(pos),
        }
    }
}

impl<'a> Args<'a> {
    /// Starts reading an attribute's arguments. Returns `None` (after reporting) when they are too
    /// broken to read (`name:` without a value).
    fn start(set: &AttrSet<'a>, attr: &'a Attribute, d: &mut Diagnostics) -> Option<Args<'a>> {
        let mut reasonably_valid = true;
        let lists =
            std::iter::once(&attr.arguments).chain(attr.arguments.arguments.iter().filter_map(|a| match &a.value {
                Expression::Function(_, args, _) => Some(&**args),
                _ => None,
            }));
        for list in lists {
            for empty in list.empty_arguments() {
                d.push_error(Diagnostic::attribute(
                    codes::MALFORMED_ARGUMENTS,
                    &set.display_name(attr),
                    format!("The `{}` argument is missing a value.", empty.name),
                    empty.span,
                ));
                reasonably_valid = false;
            }
            for arg in &list.arguments {
                if let Expression::Array(items, _) = &arg.value {
                    for item in items {
                        if let Expression::Function(_, fargs, _) = item {
                            for empty in fargs.empty_arguments() {
                                d.push_error(Diagnostic::attribute(
                                    codes::MALFORMED_ARGUMENTS,
                                    &format!("@@{}", attr.name.name),
                                    format!("The `{}` argument is missing a value.", empty.name),
                                    empty.span,
                                ));
                            }
                        }
                    }
                }
            }
            if let Some(span) = list.trailing_comma() {
                d.push_error(Diagnostic::attribute(
                    codes::MALFORMED_ARGUMENTS,
                    &set.display_name(attr),
                    "Trailing commas are not valid in attribute arguments, please remove the comma.",
                    span,
                ));
            }
        }
        if !reasonably_valid {
            return None;
        }
        let mut remaining = Remaining::new(attr.arguments.arguments.len());
        let mut unnamed: Vec<String> = Vec::new();
        for (i, arg) in attr.arguments.arguments.iter().enumerate() {
            let key = arg.name.as_ref().map(|n| n.name.as_str());
            if let Some(slot) = remaining.as_mut_slice().iter_mut().find(|(k, _)| *k == key) {
                let previous = slot.1;
                slot.1 = i;
                if key.is_none() {
                    if unnamed.is_empty() {
                        if let Some(prev) = attr.arguments.arguments.get(previous) {
                            unnamed.push(expr_to_string(&prev.value));
                        }
                    }
                    unnamed.push(expr_to_string(&arg.value));
                } else {
                    d.push_error(Diagnostic::error(
                        codes::DUPLICATE_ARGUMENT,
                        format!("Argument \"{}\" is already specified.", key.unwrap_or_default()),
                        arg.span(),
                    ));
                }
            } else {
                remaining.push((key, i));
            }
        }
        let args = Args { attr, block: set.block, remaining };
        if !unnamed.is_empty() {
            d.push_error(args.error(
                codes::MALFORMED_ARGUMENTS,
                &format!(
                    "You provided multiple unnamed arguments. This is not possible. Did you forget the brackets? Did you mean `[{}]`?",
                    unnamed.join(", ")
                ),
            ));
        }
        Some(args)
    }

    fn take(&mut self, key: Option<&str>) -> Option<usize> {
        let pos = self.remaining.as_slice().iter().position(|(k, _)| *k == key)?;
        Some(self.remaining.remove(pos).1)
    }

    fn arg(&self, idx: usize) -> Option<&'a ast::Argument> {
        self.attr.arguments.arguments.get(idx)
    }

    /// The argument called `name`, or else the unnamed one.
    fn default_arg(&mut self, name: &str) -> Result<(usize, &'a Expression), Diagnostic> {
        match (self.take(Some(name)), self.take(None)) {
            (Some(i), None) | (None, Some(i)) => match self.arg(i) {
                Some(a) => Ok((i, &a.value)),
                None => Err(self.missing(name)),
            },
            (Some(i), Some(_)) => {
                let span = self.arg(i).map(|a| a.span()).unwrap_or(self.attr.span);
                Err(Diagnostic::error(
                    codes::DUPLICATE_ARGUMENT,
                    format!("Argument \"{name}\" is already specified as unnamed argument."),
                    span,
                ))
            }
            (None, None) => Err(self.missing(name)),
        }
    }

    fn missing(&self, name: &str) -> Diagnostic {
        Diagnostic::error(codes::MISSING_ARGUMENT, format!("Argument \"{name}\" is missing."), self.attr.span)
    }

    fn optional(&mut self, name: &str) -> Option<&'a Expression> {
        let i = self.take(Some(name))?;
        self.arg(i).map(|a| &a.value)
    }

    /// An error about this attribute. Prisma's attribute checks name it with one `@` whatever its
    /// kind (`Error parsing attribute "@index"` for `@@index`).
    fn error(&self, code: &'static str, message: &str) -> Diagnostic {
        Diagnostic::attribute(code, &format!("@{}", self.attr.name.name), message, self.attr.span)
    }

    /// [`Args::error`] naming the attribute as written (`@@shardKey`), as Prisma's shard-key checks do.
    fn error_as_written(&self, code: &'static str, message: &str) -> Diagnostic {
        let display = format!("{}{}", if self.block { "@@" } else { "@" }, self.attr.name.name);
        Diagnostic::attribute(code, &display, message, self.attr.span)
    }

    /// Reports the arguments no rule consumed.
    fn finish(self, d: &mut Diagnostics) {
        let mut left: Vec<usize> = self.remaining.as_slice().iter().map(|(_, i)| *i).collect();
        left.sort_unstable();
        for i in left {
            if let Some(a) = self.arg(i) {
                d.push_error(Diagnostic::error(codes::UNUSED_ARGUMENT, "No such argument.", a.span()));
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Coercions
// ------------------------------------------------------------------------------------------------

/// Prisma's rendering of an expression in messages.
pub(crate) fn expr_to_string(e: &Expression) -> String {
    e.to_message_string()
}

/// [`expr_to_string`] as a [`Name`]: numbers and constants share the parser's string.
fn expr_to_name(e: &Expression) -> Name {
    match e {
        Expression::Numeric(n, _) | Expression::Constant(n, _) => n.clone(),
        _ => e.to_message_string().into(),
    }
}

fn type_mismatch(expected: &str, e: &Expression) -> Diagnostic {
    Diagnostic::error(
        codes::ARGUMENT_TYPE,
        format!("Expected a {expected} value, but received {} value `{}`.", e.describe(), expr_to_string(e)),
        e.span(),
    )
}

fn coerce_string<'a>(e: &'a Expression, d: &mut Diagnostics) -> Option<&'a str> {
    coerce_name(e, d).map(Name::as_str)
}

/// [`coerce_string`], as the parser's shared [`Name`].
fn coerce_name<'a>(e: &'a Expression, d: &mut Diagnostics) -> Option<&'a Name> {
    match e {
        Expression::String(s, _) => Some(s),
        _ => {
            d.push_error(type_mismatch("string", e));
            None
        }
    }
}

fn coerce_constant<'a>(e: &'a Expression, d: &mut Diagnostics) -> Option<&'a str> {
    match e {
        Expression::Constant(s, _) => Some(s),
        _ => {
            d.push_error(type_mismatch("constant", e));
            None
        }
    }
}

fn coerce_bool(e: &Expression, d: &mut Diagnostics) -> Option<bool> {
    match e {
        Expression::Constant(s, _) if s == "true" => Some(true),
        Expression::Constant(s, _) if s == "false" => Some(false),
        _ => {
            d.push_error(type_mismatch("boolean", e));
            None
        }
    }
}

fn coerce_int(e: &Expression, d: &mut Diagnostics) -> Option<i64> {
    match e {
        Expression::Numeric(s, _) => match s.parse::<i64>() {
            Ok(i) => Some(i),
            Err(_) => {
                d.push_error(type_mismatch("numeric", e));
                None
            }
        },
        _ => {
            d.push_error(type_mismatch("numeric", e));
            None
        }
    }
}

/// An array of constants (a single constant counts as a one-element array).
fn coerce_constant_array<'a>(e: &'a Expression, d: &mut Diagnostics) -> Option<Vec<&'a str>> {
    match e {
        Expression::Array(items, _) => {
            let mut out = Vec::with_capacity(items.len());
            let mut valid = true;
            for item in items {
                match coerce_constant(item, d) {
                    Some(s) => out.push(s),
                    None => valid = false,
                }
            }
            valid.then_some(out)
        }
        _ => coerce_constant(e, d).map(|s| vec![s]),
    }
}

/// `name: "..."` / `map: "..."` with Prisma's empty-string check.
fn optional_name(args: &mut Args<'_>, arg: &str, d: &mut Diagnostics) -> Option<Name> {
    let e = args.optional(arg)?;
    match coerce_name(e, d) {
        Some(s) if s.is_empty() => {
            d.push_error(args.error(codes::EMPTY_NAME, &format!("The `{arg}` argument cannot be an empty string.")));
            None
        }
        other => other.cloned(),
    }
}

fn sort_arg(args: &mut Args<'_>, d: &mut Diagnostics) -> Option<SortOrder> {
    let e = args.optional("sort")?;
    match coerce_constant(e, d)? {
        "Asc" => Some(SortOrder::Asc),
        "Desc" => Some(SortOrder::Desc),
        other => {
            d.push_error(args.error(
                codes::INVALID_ARGUMENT_VALUE,
                &format!("The `sort` argument can only be `Asc` or `Desc` you provided: {other}."),
            ));
            None
        }
    }
}

fn length_arg(args: &mut Args<'_>, d: &mut Diagnostics) -> Option<u32> {
    let e = args.optional("length")?;
    coerce_int(e, d).map(|l| l.clamp(0, u32::MAX as i64) as u32)
}

fn clustered_arg(args: &mut Args<'_>, d: &mut Diagnostics) -> Option<bool> {
    let e = args.optional("clustered")?;
    coerce_bool(e, d)
}

fn format_fields_with_leading_word<'s>(names: impl IntoIterator<Item = &'s str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    if names.len() == 1 {
        format!("field {}", quoted.join(", "))
    } else {
        format!("fields {}", quoted.join(", "))
    }
}

// ------------------------------------------------------------------------------------------------
// The pass
// ------------------------------------------------------------------------------------------------

struct Cx<'a, 's> {
    names: &'s Names,
    schema: &'s mut Schema,
    d: &'s mut Diagnostics,
    /// While the relation fields are read (before any model's IR fields are made): the AST of every
    /// model, by id, for their fields' names and types. Empty afterwards, when each model's IR
    /// fields are made as the model is read ([`Cx::make_fields`]).
    ast_models: Vec<&'a ast::Model>,
    /// What the relation fields' `@relation` give, by field (in order), until their IR fields are
    /// made.
    relations: Vec<(FieldId, Box<super::RelationField>)>,
    /// Relation fields with `@ignore` (in order), for when their IR fields are made.
    ignored_relation_fields: Vec<FieldId>,
    /// `@map` names already used, per model (duplicate column names).
    mapped_fields: HashMap<(ModelId, Name), u32>,
    /// Errors found here that Prisma reports among its validations (after the checks, and without
    /// stopping them): shard keys on another database than MySQL or with no fields; integer
    /// defaults out of range; unknown `sequence()` arguments.
    later: Diagnostics,
    /// Native type scopes and names (`db`, `VarChar`), one shared string each.
    strings: crate::name::NameCache,
}

impl Cx<'_, '_> {
    /// Whether the relation fields are being read: model fields are then found in the AST, not in
    /// the IR.
    fn before_ir_fields(&self) -> bool {
        !self.ast_models.is_empty()
    }

    /// The type of a field, from the AST before its model's IR fields are made.
    fn typed(&self, field: FieldId) -> Option<Typed> {
        let f = self.ast_models.get(field.model.0 as usize)?.fields.get(field.index as usize)?;
        Some(field_type(f, self.names))
    }

    /// The position of a model's field (the last of that name).
    fn field_index(&self, model: ModelId, name: &str) -> Option<u32> {
        match self.ast_models.get(model.0 as usize) {
            Some(m) if self.names.model_fields.get(model.0 as usize).is_some_and(Option::is_none) => {
                m.fields.iter().rposition(|f| f.name.name == name).map(|i| i as u32)
            }
            _ => self.names.find_model_field(self.schema, model, name),
        }
    }

    /// Whether a field is a scalar field.
    fn is_scalar(&self, field: FieldId) -> bool {
        match self.before_ir_fields() {
            true => matches!(self.typed(field), Some(Typed::Scalar(_))),
            false => self.schema.walk(field).is_scalar(),
        }
    }

    /// The model a relation field points to.
    fn related_model(&self, field: FieldId) -> Option<ModelId> {
        match self.before_ir_fields() {
            true => match self.typed(field)? {
                Typed::Relation(m) => Some(m),
                Typed::Scalar(_) => None,
            },
            false => self.schema.walk(field).as_relation().map(|r| r.related_model),
        }
    }

    /// What a relation field's `@relation` gave so far.
    fn relation(&self, field: FieldId) -> Option<&super::RelationField> {
        match self.before_ir_fields() {
            true => self.relations.binary_search_by_key(&field, |(f, _)| *f).ok().map(|i| &*self.relations[i].1),
            false => self.schema.walk(field).as_relation(),
        }
    }

    fn relation_mut(&mut self, field: FieldId) -> Option<&mut super::RelationField> {
        if !self.before_ir_fields() {
            return relation_mut(self.schema, field);
        }
        // Relation fields are read in order: a field's entry is the last one, or a new one.
        if self.relations.last().is_none_or(|(f, _)| *f != field) {
            let related = self.related_model(field)?;
            self.relations.push((field, Box::new(super::RelationField::new(related))));
        }
        self.relations.last_mut().map(|(_, r)| &mut **r)
    }

    /// The name of a model's field (for messages).
    fn field_name(&self, field: FieldId) -> Option<&str> {
        match self.ast_models.get(field.model.0 as usize) {
            Some(m) => m.fields.get(field.index as usize).map(|f| f.name.name.as_str()),
            None => self.schema.models.get(field.model.0 as usize)?.fields.get(field.index as usize).map(|f| &*f.name),
        }
    }

    /// Makes a model's IR fields from its AST and what its relation fields' `@relation` gave.
    fn make_fields(&mut self, model: ModelId, ast_model: &ast::Model) {
        // Entries of this model lead `relations` (models are read in order, their entries taken).
        let mine = self.relations.iter().take_while(|(f, _)| f.model == model).count();
        let mut relations = self.relations.drain(..mine).peekable();
        let ignored = &self.ignored_relation_fields;
        let fields = ast_model
            .fields
            .iter()
            .zip(0u32..)
            .map(|(f, index)| {
                let id = FieldId { model, index };
                let relation = relations.next_if(|(g, _)| *g == id).map(|(_, r)| r);
                super::Field {
                    name: f.name.name.clone(),
                    span: f.span(),
                    arity: f.arity,
                    updated_at: false,
                    ignored: ignored.binary_search(&id).is_ok(),
                    kind: field_type(f, self.names).into_kind(relation),
                }
            })
            .collect();
        drop(relations);
        if let Some(m) = self.schema.models.get_mut(model.0 as usize) {
            m.fields = fields;
            m.field_docs = ast_model.field_docs.clone();
        }
    }
}

/// Resolves every attribute, making each model's IR fields when it reads that model. Consumes the
/// AST: each block is dropped once its attributes are read, so that the AST and the IR are never
/// both whole.
pub(super) fn resolve_attributes(
    ast: ast::SchemaAst,
    relation_fields: &[FieldId],
    names: &Names,
    schema: &mut Schema,
    diagnostics: &mut Diagnostics,
) -> Diagnostics {
    let mut cx = Cx {
        names,
        schema,
        d: diagnostics,
        ast_models: ast.models().map(|(_, m)| m).collect(),
        relations: Vec::new(),
        ignored_relation_fields: Vec::new(),
        mapped_fields: HashMap::default(),
        later: Diagnostics::new(),
        strings: Default::default(),
    };

    // Relation fields first, across all models (Prisma's order).
    for &field in relation_fields {
        let ast_model = cx.ast_models[field.model.0 as usize];
        if let Some(ast_field) = ast_model.fields.get(field.index as usize) {
            visit_relation_field_attributes(&mut cx, field, ast_field);
        }
    }
    let Cx { relations, ignored_relation_fields, mapped_fields, later, strings, .. } = cx;
    let mut cx = Cx {
        names,
        schema,
        d: diagnostics,
        ast_models: Vec::new(),
        relations,
        ignored_relation_fields,
        mapped_fields,
        later,
        strings,
    };

    // The tops the parser read on threads of its own are read on threads of their own here too
    // (one after the other: this is no concurrency), so that their IR is made in the allocator's
    // arena their AST is freed to (see `ast::SchemaAst::read_apart`).
    let mut tops = ast.tops;
    let mut counters = (0u32, 0u32, 0u32);
    let mut segments: Vec<Vec<ast::Top>> = Vec::new();
    for &from in ast.read_apart.iter().rev() {
        segments.push(tops.split_off(from.min(tops.len())));
    }
    read_tops(&mut cx, tops, &mut counters);
    for segment in segments.into_iter().rev() {
        let mut segment = Some(segment);
        std::thread::scope(|scope| {
            let read = || {
                if let Some(tops) = segment.take() {
                    read_tops(&mut cx, tops, &mut counters);
                }
            };
            if let Ok(handle) = std::thread::Builder::new().spawn_scoped(scope, read) {
                // A panic here is a bug; surface it as it would have surfaced on this thread.
                handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            }
        });
        // No thread to be had: the segment is read here.
        if let Some(tops) = segment {
            read_tops(&mut cx, tops, &mut counters);
        }
    }
    cx.later
}

/// Reads the attributes of `tops` in order (`counters`: the next model, enum and composite type
/// ids), dropping each top once read.
fn read_tops(cx: &mut Cx<'_, '_>, tops: Vec<ast::Top>, (mi, ei, ci): &mut (u32, u32, u32)) {
    for top in tops {
        match &top {
            ast::Top::Model(m) => {
                cx.make_fields(ModelId(*mi), m);
                resolve_model_attributes(cx, ModelId(*mi), m);
                *mi += 1;
            }
            ast::Top::Enum(e) => {
                resolve_enum_attributes(cx, *ei as usize, e);
                *ei += 1;
            }
            ast::Top::CompositeType(c) => {
                resolve_composite_type_attributes(cx, CompositeTypeId(*ci), c);
                *ci += 1;
            }
            _ => {}
        }
        // The block is read: its memory goes back before the next block's IR is made.
        drop(top);
    }
}

fn relation_mut(schema: &mut Schema, field: FieldId) -> Option<&mut super::RelationField> {
    let f = schema.models.get_mut(field.model.0 as usize)?.fields.get_mut(field.index as usize)?;
    match &mut f.kind {
        FieldKind::Relation(r) => Some(r),
        FieldKind::Scalar(_) => None,
    }
}

fn scalar_mut(schema: &mut Schema, field: FieldId) -> Option<&mut super::ScalarField> {
    let f = schema.models.get_mut(field.model.0 as usize)?.fields.get_mut(field.index as usize)?;
    match &mut f.kind {
        FieldKind::Scalar(s) => Some(s),
        FieldKind::Relation(_) => None,
    }
}

fn visit_relation_field_attributes(cx: &mut Cx<'_, '_>, field: FieldId, ast_field: &ast::Field) {
    let mut set = AttrSet::new(&ast_field.attributes, false);

    if let Some(attr) = set.single("relation", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            visit_relation(cx, field, attr, &mut args);
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("id", cx.d) {
        cx.d.push_error(Diagnostic::attribute(
            codes::MISPLACED_ATTRIBUTE,
            "@id",
            format!(
                "The field `{}` is a relation field and cannot be marked with `@id`. Only scalar fields can be declared as id.",
                ast_field.name.name
            ),
            attr.span,
        ));
    }

    if let Some(attr) = set.single("ignore", cx.d) {
        if let Some(args) = Args::start(&set, attr, cx.d) {
            // The IR field is made later (see `Cx::make_fields`).
            cx.ignored_relation_fields.push(field);
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("default", cx.d) {
        cx.d.push_error(Diagnostic::attribute(
            codes::MISPLACED_ATTRIBUTE,
            "@default",
            "Cannot set a default value on a relation field.",
            attr.span,
        ));
    }

    if let Some(attr) = set.single("map", cx.d) {
        cx.d.push_error(Diagnostic::attribute(
            codes::MISPLACED_ATTRIBUTE,
            "@map",
            "The attribute `@map` cannot be used on relation fields.",
            attr.span,
        ));
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            if let Err(e) = args.default_arg("name") {
                cx.d.push_error(e);
            }
        }
    }

    if let Some(attr) = set.single("unique", cx.d) {
        let referencing = cx.relation(field).and_then(|r| r.fields.as_deref()).unwrap_or_default();
        let suggested: Vec<&str> = referencing.iter().filter_map(|f| cx.field_name(*f)).collect();
        let suggestion = match suggested.len() {
            0 => String::new(),
            1 => format!(" Did you mean to put it on `{}`?", suggested.join("")),
            _ => format!(" Did you mean to provide `@@unique([{}])`?", suggested.join(", ")),
        };
        let message = format!(
            "The field `{}` is a relation field and cannot be marked with `unique`. Only scalar fields can be made unique.{suggestion}",
            ast_field.name.name
        );
        cx.d.push_error(Diagnostic::attribute(codes::MISPLACED_ATTRIBUTE, "@unique", message, attr.span));
    }

    set.finish(cx.d);
}

fn visit_relation(cx: &mut Cx<'_, '_>, field: FieldId, attr: &Attribute, args: &mut Args<'_>) {
    let Some(related) = cx.related_model(field) else {
        return;
    };
    if let Some(r) = cx.relation_mut(field) {
        r.relation_attribute = Some(attr.span);
    }

    if let Some(fields_expr) = args.optional("fields") {
        let resolved = match resolve_fields_without_args(cx, fields_expr, attr.span, field.model) {
            Ok(fields) => fields,
            Err(FieldsError::Dealt) => Vec::new(),
            Err(FieldsError::Problems { unknown, relation }) => {
                if !unknown.is_empty() {
                    cx.d.push_error(Diagnostic::validation(
                        codes::INVALID_RELATION_FIELDS,
                        format!(
                            "The argument fields must refer only to existing fields. The following fields do not exist in this model: {}",
                            unknown.join(", ")
                        ),
                        fields_expr.span(),
                    ));
                }
                if !relation.is_empty() {
                    cx.d.push_error(Diagnostic::validation(
                        codes::INVALID_RELATION_FIELDS,
                        format!(
                            "The argument fields must refer only to scalar fields. But it is referencing the following relation fields: {}",
                            relation.join(", ")
                        ),
                        fields_expr.span(),
                    ));
                }
                Vec::new()
            }
        };
        let ids = resolved.into_iter().map(|index| FieldId { model: field.model, index }).collect();
        if let Some(r) = cx.relation_mut(field) {
            r.fields = Some(ids);
        }
    }

    if let Some(refs_expr) = args.optional("references") {
        let related_name = cx.schema.walk(related).name().to_string();
        let resolved = match resolve_fields_without_args(cx, refs_expr, attr.span, related) {
            Ok(fields) => fields,
            Err(FieldsError::Dealt) => Vec::new(),
            Err(FieldsError::Problems { unknown, relation }) => {
                if !unknown.is_empty() {
                    cx.d.push_error(Diagnostic::validation(
                        codes::INVALID_RELATION_REFERENCES,
                        format!(
                            "The argument `references` must refer only to existing fields in the related model `{related_name}`. The following fields do not exist in the related model: {}",
                            unknown.join(", ")
                        ),
                        attr.span,
                    ));
                }
                if !relation.is_empty() {
                    cx.d.push_error(Diagnostic::validation(
                        codes::INVALID_RELATION_REFERENCES,
                        format!(
                            "The argument `references` must refer only to scalar fields in the related model `{related_name}`. But it is referencing the following relation fields: {}",
                            relation.join(", ")
                        ),
                        attr.span,
                    ));
                }
                Vec::new()
            }
        };
        let ids = resolved.into_iter().map(|index| FieldId { model: related, index }).collect();
        if let Some(r) = cx.relation_mut(field) {
            r.references = Some(ids);
        }
    }

    if let Ok((_, e)) = args.default_arg("name") {
        match coerce_string(e, cx.d) {
            Some("") => cx.d.push_error(args.error(codes::EMPTY_NAME, "A relation cannot have an empty name.")),
            Some(name) => {
                if let Some(r) = cx.relation_mut(field) {
                    r.explicit_name = Some(name.to_string());
                }
            }
            None => {}
        }
    }

    for (arg, is_delete) in [("onDelete", true), ("onUpdate", false)] {
        if let Some(e) = args.optional(arg) {
            if let Some(c) = coerce_constant(e, cx.d) {
                match ReferentialAction::from_name(c) {
                    Some(action) => {
                        if let Some(r) = cx.relation_mut(field) {
                            if is_delete {
                                r.on_delete = Some((action, e.span()));
                            } else {
                                r.on_update = Some((action, e.span()));
                            }
                        }
                    }
                    None => cx.d.push_error(Diagnostic::attribute(
                        codes::INVALID_ARGUMENT_VALUE,
                        "@relation",
                        format!("Invalid referential action: `{c}`"),
                        e.span(),
                    )),
                }
            }
        }
    }

    let map = optional_name(args, "map", cx.d);
    if let Some(r) = cx.relation_mut(field) {
        r.mapped_name = map;
    }
}

enum FieldsError {
    /// Already reported.
    Dealt,
    Problems {
        /// Unknown names, as shown in messages.
        unknown: Vec<String>,
        /// Relation fields, by name.
        relation: Vec<String>,
    },
}

/// `[a, b]` of field names of `model`, all scalar.
fn resolve_fields_without_args(
    cx: &mut Cx<'_, '_>,
    e: &Expression,
    attr_span: Span,
    model: ModelId,
) -> Result<Vec<u32>, FieldsError> {
    let Some(names) = coerce_constant_array(e, cx.d) else {
        return Err(FieldsError::Dealt);
    };
    let mut out: Vec<u32> = Vec::with_capacity(names.len());
    let mut unknown = Vec::new();
    let mut relation = Vec::new();
    for name in names {
        if name.contains('.') {
            unknown.push(name.to_string());
            continue;
        }
        let Some(idx) = cx.field_index(model, name) else {
            unknown.push(name.to_string());
            continue;
        };
        // A field of unknown type is no scalar field for Prisma.
        if !cx.is_scalar(FieldId { model, index: idx }) || cx.names.is_unresolved(model, idx) {
            relation.push(name.to_string());
            continue;
        }
        if out.contains(&idx) {
            let model_name = cx.schema.walk(model).name().to_string();
            cx.d.push_error(Diagnostic::in_block(
                codes::DUPLICATE_INDEX_FIELD,
                "model",
                &model_name,
                format!("The unique index definition refers to the field {name} multiple times."),
                attr_span,
            ));
            return Err(FieldsError::Dealt);
        }
        out.push(idx);
    }
    if unknown.is_empty() && relation.is_empty() {
        Ok(out)
    } else {
        Err(FieldsError::Problems { unknown, relation })
    }
}

const OPERATOR_CLASSES: &[&str] = &[
    "InetOps",
    "JsonbOps",
    "JsonbPathOps",
    "ArrayOps",
    "TextOps",
    "BitMinMaxOps",
    "VarBitMinMaxOps",
    "BpcharBloomOps",
    "BpcharMinMaxOps",
    "ByteaBloomOps",
    "ByteaMinMaxOps",
    "DateBloomOps",
    "DateMinMaxOps",
    "DateMinMaxMultiOps",
    "Float4BloomOps",
    "Float4MinMaxOps",
    "Float4MinMaxMultiOps",
    "Float8BloomOps",
    "Float8MinMaxOps",
    "Float8MinMaxMultiOps",
    "InetInclusionOps",
    "InetBloomOps",
    "InetMinMaxOps",
    "InetMinMaxMultiOps",
    "Int2BloomOps",
    "Int2MinMaxOps",
    "Int2MinMaxMultiOps",
    "Int4BloomOps",
    "Int4MinMaxOps",
    "Int4MinMaxMultiOps",
    "Int8BloomOps",
    "Int8MinMaxOps",
    "Int8MinMaxMultiOps",
    "NumericBloomOps",
    "NumericMinMaxOps",
    "NumericMinMaxMultiOps",
    "OidBloomOps",
    "OidMinMaxOps",
    "OidMinMaxMultiOps",
    "TextBloomOps",
    "TextMinMaxOps",
    "TimestampBloomOps",
    "TimestampMinMaxOps",
    "TimestampMinMaxMultiOps",
    "TimestampTzBloomOps",
    "TimestampTzMinMaxOps",
    "TimestampTzMinMaxMultiOps",
    "TimeBloomOps",
    "TimeMinMaxOps",
    "TimeMinMaxMultiOps",
    "TimeTzBloomOps",
    "TimeTzMinMaxOps",
    "TimeTzMinMaxMultiOps",
    "UuidBloomOps",
    "UuidMinMaxOps",
    "UuidMinMaxMultiOps",
];

type IdxPath = Vec<(CompositeTypeId, u32)>;

struct RawIndexField<'a> {
    name: &'a str,
    sort_order: Option<SortOrder>,
    length: Option<u32>,
    operator_class: Option<OperatorClass>,
}

fn parser_error(expected: String, span: Span) -> Diagnostic {
    Diagnostic::error(codes::INVALID_ARGUMENT_VALUE, format!("Unexpected token. Expected one of: {expected}"), span)
}

fn coerce_index_field<'a>(e: &'a Expression, d: &mut Diagnostics) -> Option<RawIndexField<'a>> {
    match e {
        Expression::Constant(name, _) => {
            Some(RawIndexField { name, sort_order: None, length: None, operator_class: None })
        }
        Expression::Function(name, args, _) => {
            let find = |n: &str| args.arguments.iter().find(|a| a.name.as_ref().is_some_and(|x| x.name == n));
            let sort_order = find("sort").and_then(|arg| match coerce_constant(&arg.value, d) {
                Some("Asc") => Some(SortOrder::Asc),
                Some("Desc") => Some(SortOrder::Desc),
                Some(_) => {
                    d.push_error(parser_error("Asc, Desc".to_string(), arg.span()));
                    None
                }
                None => None,
            });
            let length = find("length")
                .and_then(|arg| coerce_int(&arg.value, d))
                .filter(|i| *i >= 0)
                .map(|i| i.min(u32::MAX as i64) as u32);
            let operator_class = find("ops").and_then(|arg| match &arg.value {
                Expression::Constant(s, span) => {
                    if OPERATOR_CLASSES.contains(&s.as_str()) {
                        Some(OperatorClass::Named(s.clone()))
                    } else {
                        d.push_error(parser_error(format!("Invalid operator class: {s}"), *span));
                        None
                    }
                }
                Expression::Function(fun, fargs, span) if fun == "raw" => match &fargs.arguments[..] {
                    [a] => match &a.value {
                        Expression::String(s, _) => Some(OperatorClass::Raw(s.clone())),
                        _ => {
                            d.push_error(parser_error("Invalid parameter type: expected string".to_string(), *span));
                            None
                        }
                    },
                    other => {
                        d.push_error(parser_error(
                            format!("Wrong number of arguments. Expected: 1, got: {}", other.len()),
                            *span,
                        ));
                        None
                    }
                },
                _ => {
                    d.push_error(parser_error("operator class".to_string(), arg.span()));
                    None
                }
            });
            Some(RawIndexField { name, sort_order, length, operator_class })
        }
        _ => {
            d.push_error(type_mismatch("constant literal", e));
            None
        }
    }
}

/// `[a, b(sort: Desc), c.d]` for `@@index`, `@@unique`, `@@fulltext` and `@@id`.
fn resolve_fields_with_args(
    cx: &mut Cx<'_, '_>,
    e: &Expression,
    attr_span: Span,
    model: ModelId,
    follow_composites: bool,
) -> Result<Vec<IndexField>, FieldsError> {
    let raw: Vec<RawIndexField<'_>> = match e {
        Expression::Array(items, _) => {
            let mut out = Vec::with_capacity(items.len());
            let mut valid = true;
            for item in items {
                match coerce_index_field(item, cx.d) {
                    Some(f) => out.push(f),
                    None => valid = false,
                }
            }
            if !valid {
                return Err(FieldsError::Dealt);
            }
            out
        }
        _ => match coerce_index_field(e, cx.d) {
            Some(f) => vec![f],
            None => return Err(FieldsError::Dealt),
        },
    };

    let mut out: Vec<IndexField> = Vec::with_capacity(raw.len());
    let mut unknown = Vec::new();
    let mut relation = Vec::new();
    'fields: for rf in raw {
        let (root, path): (u32, IdxPath) = if rf.name.contains('.') {
            if !follow_composites {
                unknown.push(rf.name.to_string());
                continue;
            }
            let parts: Vec<&str> = rf.name.split('.').collect();
            let Some(first) = parts.first() else { continue };
            let Some(root) = cx.field_index(model, first) else {
                unknown.push((*first).to_string());
                continue;
            };
            let fw = cx.schema.walk(FieldId { model, index: root });
            let mut next_type = match fw.scalar_type() {
                Some(ScalarType::Composite(ct)) => *ct,
                Some(_) => {
                    unknown.push(rf.name.to_string());
                    continue;
                }
                None => {
                    relation.push((*first).to_string());
                    continue;
                }
            };
            let mut path = Vec::new();
            let count = parts.len();
            for (i, part) in parts.iter().enumerate().skip(1) {
                let Some(idx) = cx.names.find_composite_type_field(next_type, part) else {
                    let ct_name = cx.schema.composite_type(next_type).name.clone();
                    unknown.push(format!("{part} in type {ct_name}"));
                    continue 'fields;
                };
                path.push((next_type, idx));
                let t = cx
                    .schema
                    .composite_types
                    .get(next_type.0 as usize)
                    .and_then(|c| c.fields.get(idx as usize))
                    .map(|f| f.r#type.clone());
                match t {
                    Some(ScalarType::Composite(ct)) => next_type = ct,
                    _ if i < count - 1 => {
                        unknown.push(rf.name.to_string());
                        continue 'fields;
                    }
                    _ => {}
                }
            }
            (root, path)
        } else {
            let Some(idx) = cx.field_index(model, rf.name) else {
                unknown.push(rf.name.to_string());
                continue;
            };
            if !cx.schema.walk(FieldId { model, index: idx }).is_scalar() || cx.names.is_unresolved(model, idx) {
                relation.push(rf.name.to_string());
                continue;
            }
            (idx, Vec::new())
        };
        let field = FieldId { model, index: root };
        if out.iter().any(|f| f.field == field && *f.path == *path) {
            let shown = match path.last() {
                None => rf.name.to_string(),
                Some((ct, idx)) => {
                    let c = cx.schema.composite_type(*ct);
                    let fname = c.fields.get(*idx as usize).map(|f| f.name.as_str()).unwrap_or("");
                    format!("{fname} in type {}", c.name)
                }
            };
            let model_name = cx.schema.walk(model).name().to_string();
            cx.d.push_error(Diagnostic::in_block(
                codes::DUPLICATE_INDEX_FIELD,
                "model",
                &model_name,
                format!("The unique index definition refers to the field {shown} multiple times."),
                attr_span,
            ));
            return Err(FieldsError::Dealt);
        }
        out.push(IndexField {
            field,
            path: path.into(),
            sort_order: rf.sort_order,
            length: rf.length,
            operator_class: rf.operator_class.map(Box::new),
        });
    }
    if unknown.is_empty() && relation.is_empty() {
        Ok(out)
    } else {
        Err(FieldsError::Problems { unknown, relation })
    }
}

fn native_type_of(attr: &Attribute, strings: &mut crate::name::NameCache) -> Option<NativeType> {
    let (scope, name) = attr.name.name.split_once('.')?;
    Some(NativeType {
        scope: strings.get(scope),
        name: strings.get(name),
        args: attr.arguments.arguments.iter().map(|a| expr_to_name(&a.value)).collect(),
        span: attr.span,
    })
}

// ------------------------------------------------------------------------------------------------
// Models
// ------------------------------------------------------------------------------------------------

fn resolve_model_attributes(cx: &mut Cx<'_, '_>, model: ModelId, ast_model: &ast::Model) {
    for (fi, ast_field) in ast_model.fields.iter().enumerate() {
        let field = FieldId { model, index: fi as u32 };
        // A field of unknown type does not exist for Prisma: its attributes are not visited.
        if cx.schema.walk(field).is_scalar() && !cx.names.is_unresolved(model, fi as u32) {
            visit_scalar_field_attributes(cx, field, ast_model, ast_field);
        }
    }

    let mut set = AttrSet::new(&ast_model.attributes, true);
    let model_name = ast_model.name.name.clone();

    if let Some(attr) = set.single("ignore", cx.d) {
        if let Some(args) = Args::start(&set, attr, cx.d) {
            let ignored_fields: Vec<Span> =
                cx.schema.walk(model).scalar_fields().filter(|f| f.is_ignored()).map(|f| f.get().span).collect();
            for span in ignored_fields {
                cx.d.push_error(Diagnostic::attribute(
                    codes::INVALID_IGNORE,
                    "@ignore",
                    "Fields on an already ignored Model do not need an `@ignore` annotation.",
                    span,
                ));
            }
            if let Some(m) = cx.schema.models.get_mut(model.0 as usize) {
                m.ignored = true;
            }
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("id", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            visit_model_id(cx, model, ast_model, attr, &mut args);
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("map", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            if let Some(name) = map_attribute(&mut args, cx.d) {
                if let Some(m) = cx.schema.models.get_mut(model.0 as usize) {
                    m.mapped_name = Some(name);
                }
            }
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("schema", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            if let Some(name) = schema_attribute(&mut args, cx.d) {
                if let Some(m) = cx.schema.models.get_mut(model.0 as usize) {
                    m.schema = Some(name);
                }
            }
            args.finish(cx.d);
        }
    }

    while let Some(attr) = set.repeated("index") {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            visit_model_index(cx, model, &model_name, attr, &mut args, IndexKind::Normal);
            args.finish(cx.d);
        }
    }
    while let Some(attr) = set.repeated("unique") {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            visit_model_index(cx, model, &model_name, attr, &mut args, IndexKind::Unique);
            args.finish(cx.d);
        }
    }
    while let Some(attr) = set.repeated("fulltext") {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            visit_model_index(cx, model, &model_name, attr, &mut args, IndexKind::Fulltext);
            args.finish(cx.d);
        }
    }
    // Prisma reads `@@shardKey` after the indexes.
    if let Some(attr) = set.single("shardKey", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            visit_model_shard_key(cx, model, ast_model, attr, &mut args);
            args.finish(cx.d);
        }
    }

    // An `@id` field, then a `@shardKey` field, must be required (checked after `@@ignore` is known).
    let m = cx.schema.walk(model);
    if !m.is_ignored() {
        let id =
            m.primary_key().filter(|pk| pk.defined_on_field).and_then(|pk| Some((pk.fields.first()?.field, pk.span)));
        let shard_key = m
            .get()
            .shard_key
            .as_ref()
            .filter(|sk| sk.defined_on_field)
            .and_then(|sk| Some((*sk.fields.first()?, sk.span)));
        let rules = [
            (id, codes::INVALID_ID, "@id", "Fields that are marked as id must be required."),
            (shard_key, codes::SHARD_KEY, "@shardKey", "Fields that are marked as shard keys must be required."),
        ];
        for (marked, code, attribute, message) in rules {
            if let Some((_, span)) = marked.filter(|(f, _)| !cx.schema.walk(*f).is_required()) {
                cx.d.push_error(Diagnostic::attribute(code, attribute, message, span));
            }
        }
    }

    set.finish(cx.d);
}

fn map_attribute(args: &mut Args<'_>, d: &mut Diagnostics) -> Option<Name> {
    match args.default_arg("name") {
        Ok((_, e)) => coerce_name(e, d).cloned(),
        Err(e) => {
            d.push_error(e);
            None
        }
    }
}

fn schema_attribute(args: &mut Args<'_>, d: &mut Diagnostics) -> Option<Name> {
    match args.default_arg("map") {
        Ok((_, e)) => coerce_name(e, d).cloned(),
        Err(e) => {
            d.push_error(e);
            None
        }
    }
}

fn validate_client_name(cx: &mut Cx<'_, '_>, model_name: &str, name: &str, attribute: &str, span: Span) {
    if name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
        return;
    }
    cx.d.push_error(Diagnostic::in_block(
        codes::INVALID_CLIENT_NAME,
        "model",
        model_name,
        format!("The `name` property within the `{attribute}` attribute only allows for the following characters: `_a-zA-Z0-9`."),
        span,
    ));
}

fn visit_model_id(cx: &mut Cx<'_, '_>, model: ModelId, ast_model: &ast::Model, attr: &Attribute, args: &mut Args<'_>) {
    let fields_expr = match args.default_arg("fields") {
        Ok((_, e)) => e,
        Err(e) => return cx.d.push_error(e),
    };
    let model_name = ast_model.name.name.as_str();
    let fields = match resolve_fields_with_args(cx, fields_expr, attr.span, model, false) {
        Ok(f) => f,
        Err(FieldsError::Dealt) => return,
        Err(FieldsError::Problems { unknown, relation }) => {
            if !unknown.is_empty() {
                cx.d.push_error(Diagnostic::in_block(
                    codes::UNKNOWN_INDEX_FIELD,
                    "model",
                    model_name,
                    format!(
                        "The multi field id declaration refers to the unknown {}.",
                        format_fields_with_leading_word(unknown.iter().map(String::as_str))
                    ),
                    fields_expr.span(),
                ));
            }
            if !relation.is_empty() {
                cx.d.push_error(Diagnostic::in_block(
                    codes::RELATION_FIELD_IN_INDEX,
                    "model",
                    model_name,
                    format!(
                        "The id definition refers to the relation {}. ID definitions must reference only scalar fields.",
                        format_fields_with_leading_word(relation.iter().map(String::as_str))
                    ),
                    attr.span,
                ));
            }
            return;
        }
    };

    let not_required: Vec<String> = fields
        .iter()
        .filter_map(|f| {
            let arity = match f.path.last() {
                None => cx.schema.walk(f.field).arity(),
                Some((ct, idx)) => cx
                    .schema
                    .composite_type(*ct)
                    .fields
                    .get(*idx as usize)
                    .map(|x| x.arity)
                    .unwrap_or(FieldArity::Required),
            };
            let name = match f.path.last() {
                None => cx.schema.walk(f.field).name().to_string(),
                Some((ct, idx)) => cx
                    .schema
                    .composite_type(*ct)
                    .fields
                    .get(*idx as usize)
                    .map(|x| x.name.to_string())
                    .unwrap_or_default(),
            };
            (!arity.is_required()).then_some(name)
        })
        .collect();
    let ignored = cx.schema.walk(model).is_ignored();
    if !not_required.is_empty() && !ignored {
        cx.d.push_error(Diagnostic::in_block(
            codes::INVALID_ID,
            "model",
            model_name,
            format!(
                "The id definition refers to the optional {}. ID definitions must reference only required fields.",
                format_fields_with_leading_word(not_required.iter().map(String::as_str))
            ),
            attr.span,
        ));
    }
    if cx.schema.walk(model).primary_key().is_some() {
        cx.d.push_error(Diagnostic::in_block(
            codes::INVALID_ID,
            "model",
            model_name,
            "Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time.",
            ast_model.span,
        ));
    }
    let mapped_name = optional_name(args, "map", cx.d);
    let name = optional_name(args, "name", cx.d);
    if let Some(n) = &name {
        validate_client_name(cx, model_name, n, "@@id", attr.span);
    }
    let clustered = clustered_arg(args, cx.d);
    if let Some(m) = cx.schema.models.get_mut(model.0 as usize) {
        m.primary_key = Some(PrimaryKey {
            fields,
            name,
            mapped_name,
            db_name: Default::default(),
            clustered,
            defined_on_field: false,
            span: attr.span,
        });
    }
}

/// Only MySQL (PlanetScale) has shard keys; Prisma says so whether or not the preview feature is on.
fn shard_key_supported(cx: &mut Cx<'_, '_>, model: ModelId, args: &Args<'_>) {
    if cx.schema.walk(model).get().is_view {
        return;
    }
    let provider = match cx.schema.provider {
        Some(crate::connector::Provider::Mysql) => return,
        Some(p) => p.name(),
        None => "empty",
    };
    cx.later.push_error(args.error_as_written(
        codes::SHARD_KEY,
        &format!("Shard keys are not currently supported for provider {provider}"),
    ));
}

fn visit_model_shard_key(
    cx: &mut Cx<'_, '_>,
    model: ModelId,
    ast_model: &ast::Model,
    attr: &Attribute,
    args: &mut Args<'_>,
) {
    let model_name = ast_model.name.name.as_str();
    // Without the preview feature, the validation reports it (`validate::shard_keys`).
    shard_key_supported(cx, model, args);
    let fields_expr = match args.default_arg("fields") {
        Ok((_, e)) => e,
        Err(e) => return cx.d.push_error(e),
    };
    let fields = match resolve_fields_without_args(cx, fields_expr, attr.span, model) {
        Ok(f) => f,
        Err(FieldsError::Dealt) => return,
        Err(FieldsError::Problems { unknown, relation }) => {
            if !unknown.is_empty() {
                cx.d.push_error(Diagnostic::in_block(
                    codes::SHARD_KEY,
                    "model",
                    model_name,
                    format!(
                        "The multi field shard key declaration refers to the unknown {}.",
                        format_fields_with_leading_word(unknown.iter().map(String::as_str))
                    ),
                    fields_expr.span(),
                ));
            }
            if !relation.is_empty() {
                cx.d.push_error(Diagnostic::in_block(
                    codes::SHARD_KEY,
                    "model",
                    model_name,
                    format!(
                        "The shard key definition refers to the relation {}. Shard key definitions must reference only scalar fields.",
                        format_fields_with_leading_word(relation.iter().map(String::as_str))
                    ),
                    attr.span,
                ));
            }
            return;
        }
    };
    if fields.is_empty() {
        cx.later.push_error(args.error_as_written(
            codes::SHARD_KEY,
            "The list of fields in a `@@shardKey()` attribute cannot be empty. Please specify at least one field.",
        ));
    }
    let ids: Vec<FieldId> = fields.into_iter().map(|index| FieldId { model, index }).collect();
    let not_required: Vec<&str> =
        ids.iter().map(|f| cx.schema.walk(*f)).filter(|f| !f.is_required()).map(|f| f.name()).collect();
    if !not_required.is_empty() && !cx.schema.walk(model).is_ignored() {
        let message = format!(
            "The shard key definition refers to the optional {}. Shard key definitions must reference only required fields.",
            format_fields_with_leading_word(not_required)
        );
        cx.d.push_error(Diagnostic::in_block(codes::SHARD_KEY, "model", model_name, message, attr.span));
    }
    if cx.schema.walk(model).get().shard_key.is_some() {
        cx.d.push_error(Diagnostic::in_block(
            codes::SHARD_KEY,
            "model",
            model_name,
            "Each model must have at most one shard key. You can't have `@shardKey` and `@@shardKey` at the same time.",
            ast_model.span,
        ));
    }
    if let Some(m) = cx.schema.models.get_mut(model.0 as usize) {
        m.shard_key = Some(Box::new(super::ShardKey { fields: ids, defined_on_field: false, span: attr.span }));
    }
}

fn visit_model_index(
    cx: &mut Cx<'_, '_>,
    model: ModelId,
    model_name: &str,
    attr: &Attribute,
    args: &mut Args<'_>,
    kind: IndexKind,
) {
    let mut fields = Vec::new();
    match args.default_arg("fields") {
        Err(e) => cx.d.push_error(e),
        Ok((_, fields_expr)) => match resolve_fields_with_args(cx, fields_expr, attr.span, model, true) {
            Ok(f) => fields = f,
            Err(FieldsError::Dealt) => {}
            Err(FieldsError::Problems { unknown, relation }) => {
                let prefix = if kind == IndexKind::Unique { "unique " } else { "" };
                if !unknown.is_empty() {
                    cx.d.push_error(Diagnostic::in_block(
                        codes::UNKNOWN_INDEX_FIELD,
                        "model",
                        model_name,
                        format!("The {prefix}index definition refers to the unknown fields: {}.", unknown.join(", ")),
                        attr.span,
                    ));
                }
                if !relation.is_empty() {
                    let mut suggested: Vec<String> = Vec::new();
                    for rel_name in &relation {
                        if let Some(idx) = cx.field_index(model, rel_name) {
                            if let Some(fs) = cx.schema.walk(FieldId { model, index: idx }).referencing_fields() {
                                suggested.extend(fs.map(|f| f.name().to_string()));
                            }
                        }
                    }
                    let suggestion = if suggested.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " Did you mean `@@{}([{}])`?",
                            if kind == IndexKind::Unique { "unique" } else { "index" },
                            suggested.join(", ")
                        )
                    };
                    cx.d.push_error(Diagnostic::in_block(
                        codes::RELATION_FIELD_IN_INDEX,
                        "model",
                        model_name,
                        format!(
                            "The {prefix}index definition refers to the relation fields {}. Index definitions must reference only scalar fields.{suggestion}",
                            relation.join(", ")
                        ),
                        attr.span,
                    ));
                }
            }
        },
    }

    let mut index = Index {
        kind,
        fields,
        name: None,
        mapped_name: None,
        db_name: Default::default(),
        algorithm: None,
        clustered: None,
        defined_on_field: false,
        span: attr.span,
    };
    match kind {
        IndexKind::Fulltext => {
            index.mapped_name = optional_name(args, "map", cx.d);
        }
        IndexKind::Normal => {
            let name = optional_name(args, "name", cx.d);
            let map = optional_name(args, "map", cx.d);
            index.mapped_name = match (name, map) {
                (Some(_), Some(_)) => {
                    cx.d.push_error(args.error(
                        codes::INVALID_ARGUMENT_VALUE,
                        "The `@@index` attribute accepts the `name` argument as an alias for the `map` argument for legacy reasons. It does not accept both though. Please use the `map` argument to specify the database name of the index.",
                    ));
                    None
                }
                (Some(n), None) => Some(n),
                (None, m) => m,
            };
            if let Some(e) = args.optional("type") {
                if let Some(c) = coerce_constant(e, cx.d) {
                    index.algorithm = match c {
                        "BTree" => Some(IndexAlgorithm::BTree),
                        "Hash" => Some(IndexAlgorithm::Hash),
                        "Gist" => Some(IndexAlgorithm::Gist),
                        "Gin" => Some(IndexAlgorithm::Gin),
                        "SpGist" => Some(IndexAlgorithm::SpGist),
                        "Brin" => Some(IndexAlgorithm::Brin),
                        other => {
                            cx.d.push_error(
                                args.error(codes::INVALID_ARGUMENT_VALUE, &format!("Unknown index type: {other}.")),
                            );
                            None
                        }
                    };
                }
            }
            index.clustered = clustered_arg(args, cx.d);
        }
        IndexKind::Unique => {
            let name = optional_name(args, "name", cx.d);
            index.mapped_name = optional_name(args, "map", cx.d);
            if let Some(n) = &name {
                validate_client_name(cx, model_name, n, "@@unique", attr.span);
            }
            index.name = name;
            index.clustered = clustered_arg(args, cx.d);
        }
    }
    if let Some(m) = cx.schema.models.get_mut(model.0 as usize) {
        m.indexes.push(index);
    }
}

fn visit_scalar_field_attributes(cx: &mut Cx<'_, '_>, field: FieldId, ast_model: &ast::Model, ast_field: &ast::Field) {
    if ast_field.attributes.is_empty() {
        // Every step below starts from an attribute.
        return;
    }
    let mut set = AttrSet::new(&ast_field.attributes, false);
    let r#type = cx.schema.walk(field).scalar_type().cloned().unwrap_or(ScalarType::Unsupported(Default::default()));
    let container = if ast_model.is_view { "view" } else { "model" };

    if let Some(attr) = set.single("map", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            if let Some(name) = map_attribute(&mut args, cx.d) {
                // Two fields mapped to the same column, or mapped onto another (unmapped) field's name.
                let mut clash = cx.mapped_fields.insert((field.model, name.clone()), field.index).is_some();
                if let Some(other) = cx.field_index(field.model, &name) {
                    let ow = cx.schema.walk(FieldId { model: field.model, index: other });
                    if other != field.index && ow.is_scalar() && ow.mapped_name().is_none_or(|m| m == name) {
                        clash = true;
                    }
                }
                if let Some(s) = scalar_mut(cx.schema, field) {
                    s.mapped_name = Some(name);
                }
                if clash {
                    cx.d.push_error(Diagnostic::error(
                        codes::DUPLICATE_FIELD,
                        format!(
                            "Field \"{}\" is already defined on {container} \"{}\".",
                            ast_field.name.name, ast_model.name.name
                        ),
                        ast_field.span(),
                    ));
                }
            }
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("ignore", cx.d) {
        if let Some(args) = Args::start(&set, attr, cx.d) {
            if r#type.is_unsupported() {
                cx.d.push_error(args.error(
                    codes::INVALID_IGNORE,
                    "Fields of type `Unsupported` cannot take an `@ignore` attribute. They are already treated as ignored by the client due to their type.",
                ));
            } else if let Some(f) =
                cx.schema.models.get_mut(field.model.0 as usize).and_then(|m| m.fields.get_mut(field.index as usize))
            {
                f.ignored = true;
            }
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("relation", cx.d) {
        if let Some(args) = Args::start(&set, attr, cx.d) {
            cx.d.push_error(args.error(codes::MISPLACED_ATTRIBUTE, "Invalid field type, not a relation."));
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("id", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            if cx.schema.walk(field.model).primary_key().is_some() {
                cx.d.push_error(Diagnostic::in_block(
                    codes::INVALID_ID,
                    "model",
                    &ast_model.name.name,
                    "At most one field must be marked as the id field with the `@id` attribute.",
                    ast_model.span,
                ));
            } else {
                let mapped_name = optional_name(&mut args, "map", cx.d);
                let length = length_arg(&mut args, cx.d);
                let sort_order = sort_arg(&mut args, cx.d);
                let clustered = clustered_arg(&mut args, cx.d);
                if let Some(m) = cx.schema.models.get_mut(field.model.0 as usize) {
                    m.primary_key = Some(PrimaryKey {
                        fields: vec![IndexField {
                            field,
                            path: Box::default(),
                            sort_order,
                            length,
                            operator_class: None,
                        }],
                        name: None,
                        mapped_name,
                        db_name: Default::default(),
                        clustered,
                        defined_on_field: true,
                        span: attr.span,
                    });
                }
            }
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("updatedAt", cx.d) {
        if let Some(args) = Args::start(&set, attr, cx.d) {
            if r#type != ScalarType::DateTime {
                cx.d.push_error(args.error(
                    codes::INVALID_UPDATED_AT,
                    "Fields that are marked with @updatedAt must be of type DateTime.",
                ));
            }
            if ast_field.arity.is_list() {
                cx.d.push_error(
                    args.error(codes::INVALID_UPDATED_AT, "Fields that are marked with @updatedAt cannot be lists."),
                );
            }
            if let Some(f) =
                cx.schema.models.get_mut(field.model.0 as usize).and_then(|m| m.fields.get_mut(field.index as usize))
            {
                f.updated_at = matches!(f.kind, super::FieldKind::Scalar(_));
            }
            args.finish(cx.d);
        }
    }

    if let Some(attr) = set.single("default", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            let default = visit_default(cx, &mut args, attr, &r#type, ast_field.arity, false, &ast_field.name.name);
            if let (Some(dv), Some(s)) = (default, scalar_mut(cx.schema, field)) {
                s.default = Some(Box::new(dv));
            }
            args.finish(cx.d);
        }
    }

    if r#type.is_builtin() {
        if let Some(attr) = set.scoped(cx.d) {
            let nt = native_type_of(attr, &mut cx.strings);
            if let Some(s) = scalar_mut(cx.schema, field) {
                s.native_type = nt.map(Box::new);
            }
        }
    }

    if let Some(attr) = set.single("unique", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            let mapped_name = optional_name(&mut args, "map", cx.d);
            let length = length_arg(&mut args, cx.d);
            let sort_order = sort_arg(&mut args, cx.d);
            let clustered = clustered_arg(&mut args, cx.d);
            if let Some(m) = cx.schema.models.get_mut(field.model.0 as usize) {
                m.indexes.push(Index {
                    kind: IndexKind::Unique,
                    fields: vec![IndexField { field, path: Box::default(), sort_order, length, operator_class: None }],
                    name: None,
                    mapped_name,
                    db_name: Default::default(),
                    algorithm: None,
                    clustered,
                    defined_on_field: true,
                    span: attr.span,
                });
            }
            args.finish(cx.d);
        }
    }

    // Prisma reads `@shardKey` last.
    if let Some(attr) = set.single("shardKey", cx.d) {
        if let Some(args) = Args::start(&set, attr, cx.d) {
            shard_key_supported(cx, field.model, &args);
            if cx.schema.walk(field.model).get().shard_key.is_some() {
                cx.d.push_error(Diagnostic::in_block(
                    codes::SHARD_KEY,
                    "model",
                    &ast_model.name.name,
                    "At most one field must be marked as the shard key with the `@shardKey` attribute.",
                    ast_model.span,
                ));
            } else if let Some(m) = cx.schema.models.get_mut(field.model.0 as usize) {
                m.shard_key =
                    Some(Box::new(super::ShardKey { fields: vec![field], defined_on_field: true, span: attr.span }));
            }
            args.finish(cx.d);
        }
    }

    set.finish(cx.d);
}

// ------------------------------------------------------------------------------------------------
// Defaults
// ------------------------------------------------------------------------------------------------

fn literal_of(e: &Expression) -> Literal {
    match e {
        Expression::String(s, _) => Literal::String(s.clone()),
        Expression::Numeric(n, _) => Literal::Number(n.clone()),
        Expression::Constant(c, _) if c == "true" => Literal::Boolean(true),
        Expression::Constant(c, _) if c == "false" => Literal::Boolean(false),
        Expression::Constant(c, _) => Literal::EnumValue(c.clone()),
        Expression::Array(items, _) => Literal::List(items.iter().map(literal_of).collect()),
        Expression::Function(name, _, _) => Literal::String(name.clone()),
    }
}

/// Reads `@default(...)`: returns the value when it is valid for the field (reports otherwise).
fn visit_default(
    cx: &mut Cx<'_, '_>,
    args: &mut Args<'_>,
    attr: &Attribute,
    r#type: &ScalarType,
    arity: FieldArity,
    in_composite: bool,
    field_name: &str,
) -> Option<DefaultValue> {
    let value = match args.default_arg("value") {
        Ok((_, v)) => v,
        Err(e) => {
            cx.d.push_error(e);
            return None;
        }
    };
    let mapped_name = if in_composite {
        if args.optional("map").is_some() {
            cx.d.push_error(
                args.error(codes::INVALID_DEFAULT, "The `map` argument is not allowed on a composite type field."),
            );
        }
        None
    } else {
        optional_name(args, "map", cx.d)
    };
    let accept =
        |expr: DefaultExpr| Some(DefaultValue { value: expr, mapped_name: mapped_name.clone(), span: attr.span });
    let err = |cx: &mut Cx<'_, '_>, message: &str| {
        cx.d.push_error(args.error(codes::INVALID_DEFAULT, message));
        None
    };

    if let Expression::Function(name, fargs, _) = value {
        if name == "dbgenerated" {
            if in_composite {
                return err(cx, "Fields of composite types cannot have `dbgenerated()` as default.");
            }
            let a = &fargs.arguments;
            if a.len() > 1 {
                cx.d.push_error(args.error(codes::INVALID_DEFAULT, "`dbgenerated()` takes a single String argument"));
            }
            return match a.first().map(|x| &x.value) {
                Some(Expression::String(s, _)) if s.is_empty() => {
                    err(cx, "dbgenerated() takes either no argument, or a single nonempty string argument.")
                }
                None => accept(DefaultExpr::Function(DefaultFunction::DbGenerated(None))),
                Some(Expression::String(s, _)) => {
                    accept(DefaultExpr::Function(DefaultFunction::DbGenerated(Some(s.clone()))))
                }
                _ => err(cx, "`dbgenerated()` takes a single String argument"),
            };
        }
    }

    match r#type {
        ScalarType::Composite(ct) => {
            let ct_name = cx.schema.composite_type(*ct).name.clone();
            cx.d.push_error(Diagnostic::error(
                codes::INVALID_DEFAULT,
                format!(
                    "Error validating field `{}` in composite type `{ct_name}`: Defaults on fields of type composite are not supported. Please remove the `@default` attribute.",
                    field_name
                ),
                attr.span,
            ));
            None
        }
        ScalarType::Enum(enum_id) => {
            let enm = cx.schema.enum_(*enum_id);
            let check = |v: &Expression| -> Result<Name, String> {
                match v {
                    Expression::Constant(c, _) => {
                        if enm.values.iter().any(|x| x.name == *c) {
                            Ok(c.clone())
                        } else {
                            Err(format!("The defined default value `{c}` is not a valid value of the enum specified for the field."))
                        }
                    }
                    other => Err(format!("Expected an enum value, but found `{}`.", expr_to_string(other))),
                }
            };
            if arity.is_list() {
                match value {
                    Expression::Array(items, _) => {
                        let mut out = Vec::new();
                        for item in items {
                            match check(item) {
                                Ok(v) => out.push(Literal::EnumValue(v)),
                                Err(m) => return err(cx, &m),
                            }
                        }
                        accept(DefaultExpr::Literal(Literal::List(out.into())))
                    }
                    other => err(cx, &format!("Expected an enum value, but found `{}`.", expr_to_string(other))),
                }
            } else {
                match check(value) {
                    Ok(v) => accept(DefaultExpr::Literal(Literal::EnumValue(v))),
                    Err(m) => err(cx, &m),
                }
            }
        }
        ScalarType::Unsupported(_) => {
            if in_composite {
                err(cx, "Composite field of type `Unsupported` cannot have default values.")
            } else {
                err(cx, "Only @default(dbgenerated(\"...\")) can be used for Unsupported types.")
            }
        }
        builtin => {
            let type_name = builtin.builtin_name().unwrap_or("");
            if let Expression::Function(name, fargs, fspan) = value {
                let a = &fargs.arguments;
                let is_int = matches!(builtin, ScalarType::Int | ScalarType::BigInt);
                let is_string = *builtin == ScalarType::String;
                if name == "autoincrement" && mapped_name.is_some() && !in_composite {
                    return err(cx, "Naming an autoincrement default value is not allowed.");
                }
                let empty_args = |cx: &mut Cx<'_, '_>, f: DefaultFunction| {
                    if a.is_empty() {
                        accept(DefaultExpr::Function(f))
                    } else {
                        err(cx, &format!("The `{name}` function does not take any argument. Consider changing this default to `{name}()`."))
                    }
                };
                let single_int = |cx: &mut Cx<'_, '_>, bail: &str| -> Result<Option<i64>, ()> {
                    if a.len() > 1 {
                        cx.d.push_error(args.error(codes::INVALID_DEFAULT, bail));
                    }
                    match a.first().map(|x| &x.value) {
                        None => Ok(None),
                        Some(Expression::Numeric(n, _)) => Ok(Some(n.parse::<i64>().unwrap_or(-1))),
                        Some(_) => {
                            cx.d.push_error(args.error(codes::INVALID_DEFAULT, bail));
                            Err(())
                        }
                    }
                };
                return match name.as_str() {
                    "autoincrement" if is_int && !in_composite => empty_args(cx, DefaultFunction::Autoincrement),
                    "cuid" if is_string => match single_int(cx, "`cuid()` takes a single Int argument.") {
                        Ok(None) => accept(DefaultExpr::Function(DefaultFunction::Cuid(1))),
                        Ok(Some(v @ (1 | 2))) => accept(DefaultExpr::Function(DefaultFunction::Cuid(v as u8))),
                        Ok(Some(_)) => err(
                            cx,
                            "`cuid()` takes either no argument, or a single integer argument which is either 1 or 2.",
                        ),
                        Err(()) => None,
                    },
                    "uuid" if is_string => match single_int(cx, "`uuid()` takes a single Int argument.") {
                        Ok(None) => accept(DefaultExpr::Function(DefaultFunction::Uuid(4))),
                        Ok(Some(v @ (4 | 7))) => accept(DefaultExpr::Function(DefaultFunction::Uuid(v as u8))),
                        Ok(Some(_)) => err(
                            cx,
                            "`uuid()` takes either no argument, or a single integer argument which is either 4 or 7.",
                        ),
                        Err(()) => None,
                    },
                    "nanoid" if is_string && !in_composite => {
                        match single_int(cx, "`nanoid()` takes a single Int argument.") {
                            Ok(None) => accept(DefaultExpr::Function(DefaultFunction::Nanoid(None))),
                            Ok(Some(v)) if (2..=255).contains(&v) => {
                                accept(DefaultExpr::Function(DefaultFunction::Nanoid(Some(v as u8))))
                            }
                            Ok(Some(_)) => err(
                                cx,
                                "`nanoid()` takes either no argument, or a single integer argument between 2 and 255.",
                            ),
                            Err(()) => None,
                        }
                    }
                    "ulid" if is_string && !in_composite => empty_args(cx, DefaultFunction::Ulid),
                    "now" if *builtin == ScalarType::DateTime => empty_args(cx, DefaultFunction::Now),
                    "autoincrement" | "auto" if in_composite => {
                        err(cx, &format!("The function `{name}()` is not supported on composite fields."))
                    }
                    "auto" => {
                        if a.is_empty() {
                            accept(DefaultExpr::Function(DefaultFunction::Auto))
                        } else {
                            err(cx, "`auto()` takes no arguments")
                        }
                    }
                    // Elsewhere the validation reports `sequence` as an unknown function.
                    "sequence"
                        if !in_composite && cx.schema.provider == Some(crate::connector::Provider::CockroachDb) =>
                    {
                        const KNOWN: &[&str] = &["virtual", "cache", "increment", "minValue", "maxValue", "start"];
                        let unknown: Vec<Span> = a
                            .iter()
                            .filter(|x| x.name.as_ref().is_none_or(|n| !KNOWN.contains(&n.name.as_str())))
                            .map(|x| x.span())
                            .collect();
                        for span in &unknown {
                            cx.later.push_error(Diagnostic::error(
                                codes::SEQUENCE_ARGUMENT,
                                "Unexpected argument in `sequence()` function call",
                                *span,
                            ));
                        }
                        if !unknown.is_empty() {
                            return None;
                        }
                        accept(DefaultExpr::Function(DefaultFunction::Sequence(
                            a.iter()
                                .map(|x| (x.name.as_ref().map(|n| n.name.clone()), expr_to_name(&x.value)))
                                .collect(),
                        )))
                    }
                    "autoincrement" | "cuid" | "uuid" | "nanoid" | "ulid" | "now" | "dbgenerated" => {
                        err(cx, &format!("The function `{name}()` cannot be used on fields of type `{type_name}`."))
                    }
                    _ if in_composite => {
                        cx.d.push_error(Diagnostic::error(
                            codes::INVALID_DEFAULT,
                            format!("Unknown function in @default(): `{name}` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions"),
                            *fspan,
                        ));
                        None
                    }
                    _ => accept(DefaultExpr::Function(DefaultFunction::Other {
                        name: name.clone(),
                        args: a.iter().map(|x| expr_to_name(&x.value)).collect(),
                    })),
                };
            }
            if arity.is_list() {
                match value {
                    Expression::Array(items, _) => {
                        for item in items {
                            if let Err(m) = check_scalar_literal(builtin, item) {
                                return err(cx, &m);
                            }
                        }
                        // Integers that are not `i64`s, one error each (as for a single value).
                        let mut integers_ok = true;
                        for problem in items.iter().filter_map(|item| integer_default_problem(builtin, item)) {
                            integers_ok = false;
                            report_integer_default(cx, in_composite, problem);
                        }
                        if !integers_ok {
                            return None;
                        }
                        accept(DefaultExpr::Literal(literal_of(value)))
                    }
                    _ => err(cx, "The default value of a list field must be a list."),
                }
            } else if matches!(value, Expression::Array(..)) {
                err(cx, "The default value of a non-list field cannot be a list.")
            } else if let Some(problem) = integer_default_problem(builtin, value) {
                report_integer_default(cx, in_composite, problem);
                None
            } else {
                match check_scalar_literal(builtin, value) {
                    Ok(()) => accept(DefaultExpr::Literal(literal_of(value))),
                    Err(m) => {
                        if m.is_empty() {
                            cx.d.push_error(Diagnostic::attribute(
                                codes::INVALID_DEFAULT,
                                "@default",
                                "A boolean literal must be `true` or `false`.",
                                value.span(),
                            ));
                            None
                        } else {
                            err(cx, &m)
                        }
                    }
                }
            }
        }
    }
}

/// Prisma reads integer defaults as i64, with Rust's explanation, among its validations; those of
/// composite type fields run only where composite types are supported (MongoDB), so never on the
/// databases we read.
fn report_integer_default(
    cx: &mut Cx<'_, '_>,
    in_composite: bool,
    (n, e, span): (&str, std::num::ParseIntError, Span),
) {
    if !in_composite {
        cx.later.push_error(Diagnostic::attribute(
            codes::INVALID_DEFAULT,
            "@default",
            format!("Parse error: \"{n}\" is not a valid integer. ({e})"),
            span,
        ));
    }
}

/// A numeric default of an `Int` or `BigInt` field that is not an `i64`: the number, why, where.
fn integer_default_problem<'a>(
    t: &ScalarType,
    value: &'a Expression,
) -> Option<(&'a str, std::num::ParseIntError, Span)> {
    match (t, value) {
        (ScalarType::Int | ScalarType::BigInt, Expression::Numeric(n, span)) => {
            n.parse::<i64>().err().map(|e| (n.as_str(), e, *span))
        }
        _ => None,
    }
}

/// Ok, or the error message (empty: the boolean literal error, reported at the value).
fn check_scalar_literal(t: &ScalarType, value: &Expression) -> Result<(), String> {
    let ok = matches!(
        (t, value),
        (ScalarType::String | ScalarType::Json | ScalarType::Bytes | ScalarType::DateTime, Expression::String(..))
            | (ScalarType::Int | ScalarType::BigInt | ScalarType::Float | ScalarType::Decimal, Expression::Numeric(..))
            | (ScalarType::Decimal, Expression::String(..))
    );
    if ok {
        return Ok(());
    }
    if let (ScalarType::Boolean, Expression::Constant(c, _)) = (t, value) {
        return if c == "true" || c == "false" { Ok(()) } else { Err(String::new()) };
    }
    Err(format!("Expected a {} value, but found `{}`.", t.builtin_name().unwrap_or(""), expr_to_string(value)))
}

// ------------------------------------------------------------------------------------------------
// Enums and composite types
// ------------------------------------------------------------------------------------------------

fn resolve_enum_attributes(cx: &mut Cx<'_, '_>, enum_index: usize, e: &ast::Enum) {
    for (vi, v) in e.values.iter().enumerate() {
        let mut set = AttrSet::new(&v.attributes, false);
        if let Some(attr) = set.single("map", cx.d) {
            if let Some(mut args) = Args::start(&set, attr, cx.d) {
                if let Some(name) = map_attribute(&mut args, cx.d) {
                    if let Some(val) = cx.schema.enums.get_mut(enum_index).and_then(|en| en.values.get_mut(vi)) {
                        val.mapped_name = Some(name);
                    }
                }
                args.finish(cx.d);
            }
        }
        set.finish(cx.d);
    }

    let mut set = AttrSet::new(&e.attributes, true);
    if let Some(attr) = set.single("map", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            if let Some(name) = map_attribute(&mut args, cx.d) {
                if let Some(en) = cx.schema.enums.get_mut(enum_index) {
                    en.mapped_name = Some(name);
                }
            }
            args.finish(cx.d);
        }
    }
    if let Some(attr) = set.single("schema", cx.d) {
        if let Some(mut args) = Args::start(&set, attr, cx.d) {
            if let Some(name) = schema_attribute(&mut args, cx.d) {
                if let Some(en) = cx.schema.enums.get_mut(enum_index) {
                    en.schema = Some(name);
                }
            }
            args.finish(cx.d);
        }
    }
    set.finish(cx.d);
}

fn resolve_composite_type_attributes(cx: &mut Cx<'_, '_>, ct: CompositeTypeId, c: &ast::CompositeType) {
    let mut seen_mapped: HashMap<Name, usize> = HashMap::default();
    for (fi, f) in c.fields.iter().enumerate() {
        let r#type = cx
            .schema
            .composite_types
            .get(ct.0 as usize)
            .and_then(|x| x.fields.get(fi))
            .map(|x| x.r#type.clone())
            .unwrap_or(ScalarType::Unsupported(Default::default()));
        let mut set = AttrSet::new(&f.attributes, false);

        if r#type.is_builtin() {
            if let Some(attr) = set.scoped(cx.d) {
                let nt = native_type_of(attr, &mut cx.strings);
                if let Some(x) = cx.schema.composite_types.get_mut(ct.0 as usize).and_then(|x| x.fields.get_mut(fi)) {
                    x.native_type = nt;
                }
            }
        }

        if let Some(attr) = set.single("map", cx.d) {
            if let Some(mut args) = Args::start(&set, attr, cx.d) {
                if let Some(name) = map_attribute(&mut args, cx.d) {
                    let clash_mapped = seen_mapped.insert(name.clone(), fi).is_some();
                    let clash_name = cx
                        .names
                        .find_composite_type_field(ct, &name)
                        .and_then(|other| cx.schema.composite_type(ct).fields.get(other as usize))
                        .is_some_and(|other| other.mapped_name.is_none());
                    if clash_mapped {
                        cx.d.push_error(Diagnostic::error(
                            codes::DUPLICATE_FIELD,
                            format!("Field \"{name}\" is already defined on composite type \"{}\".", c.name.name),
                            f.span(),
                        ));
                    }
                    if clash_name {
                        cx.d.push_error(Diagnostic::error(
                            codes::DUPLICATE_FIELD,
                            format!(
                                "Field \"{}\" is already defined on composite type \"{}\".",
                                f.name.name, c.name.name
                            ),
                            f.span(),
                        ));
                    }
                    if let Some(x) = cx.schema.composite_types.get_mut(ct.0 as usize).and_then(|x| x.fields.get_mut(fi))
                    {
                        x.mapped_name = Some(name.into());
                    }
                }
                args.finish(cx.d);
            }
        }

        if let Some(attr) = set.single("default", cx.d) {
            if let Some(mut args) = Args::start(&set, attr, cx.d) {
                let dv = visit_default(cx, &mut args, attr, &r#type, f.arity, true, &f.name.name);
                if let (Some(dv), Some(x)) =
                    (dv, cx.schema.composite_types.get_mut(ct.0 as usize).and_then(|x| x.fields.get_mut(fi)))
                {
                    x.default = Some(dv);
                }
                args.finish(cx.d);
            }
        }

        set.finish(cx.d);
    }
}
