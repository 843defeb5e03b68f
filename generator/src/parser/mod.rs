//! Text -> [`SchemaAst`]. One `parse_<rule>` function per grammar rule; whatever the grammar's
//! catch-all rules matched becomes a diagnostic, never a failed file.

use crate::ast::*;
use crate::diagnostics::{codes, Diagnostic, Diagnostics};
use crate::source::{FileId, SourceFiles, Span};
use pest::iterators::Pair;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "parser/prisma.pest"]
pub struct PrismaParser;

type P<'a> = Pair<'a, Rule>;

mod escapes;
mod fast;

/// Files at least this large are read in chunks on several threads, and schemas at least this large
/// are validated while they are resolved ([`crate::validate_schema`]): smaller ones are not worth a
/// thread's start-up (~50 µs).
pub(crate) const PARALLEL_MIN_BYTES: usize = 128 * 1024;

/// Parses every file of a schema into one AST (tops in file order).
///
/// Uses the hand-written reader of the grammar ([`fast`]); [`parse_with_pest`] gives the same
/// result through the pest-generated parser and is kept as the reference.
pub fn parse(files: &SourceFiles, diagnostics: &mut Diagnostics) -> SchemaAst {
    let mut ast = SchemaAst::default();
    if !within_limits(files, diagnostics) {
        return ast;
    }
    for (id, file) in files.iter() {
        let (first, first_error) = (ast.tops.len(), diagnostics.errors.len());
        fast::parse_file(&file.text, id, &mut ast, diagnostics);
        parser_checks(&file.text, &ast.tops[first..], diagnostics, first_error);
    }
    ast
}

/// [`parse`] with every file cut into at most `parts` chunks read on their own threads, whatever its
/// size (`parse` does so only for large files). For tests: the result must not depend on `parts`.
/// Also returns the most chunks any file was read in.
#[doc(hidden)]
pub fn parse_in_parts(files: &SourceFiles, diagnostics: &mut Diagnostics, parts: usize) -> (SchemaAst, usize) {
    let mut ast = SchemaAst::default();
    let mut most = 0;
    if !within_limits(files, diagnostics) {
        return (ast, most);
    }
    for (id, file) in files.iter() {
        let (first, first_error) = (ast.tops.len(), diagnostics.errors.len());
        most = most.max(fast::parse_file_in_parts(&file.text, id, &mut ast, diagnostics, parts));
        parser_checks(&file.text, &ast.tops[first..], diagnostics, first_error);
    }
    (ast, most)
}

/// [`parse`] through the pest-generated parser of `prisma.pest`.
pub fn parse_with_pest(files: &SourceFiles, diagnostics: &mut Diagnostics) -> SchemaAst {
    let mut ast = SchemaAst::default();
    if !within_limits(files, diagnostics) {
        return ast;
    }
    for (id, file) in files.iter() {
        let (first, first_error) = (ast.tops.len(), diagnostics.errors.len());
        parse_file(&file.text, id, &mut ast, diagnostics);
        parser_checks(&file.text, &ast.tops[first..], diagnostics, first_error);
    }
    ast
}

/// Whether spans can address every file of the schema ([`crate::source::Span`]); if not, the error
/// is reported and nothing is read. (The loader refuses such schemas before; this guards the
/// library's other callers.)
fn within_limits(files: &SourceFiles, diagnostics: &mut Diagnostics) -> bool {
    use crate::source::{MAX_FILES, MAX_FILE_SIZE};
    let message = if files.len() > MAX_FILES {
        format!("A schema can have at most {MAX_FILES} files; this one has {}.", files.len())
    } else if let Some((_, f)) = files.iter().find(|(_, f)| f.text.len() > MAX_FILE_SIZE) {
        format!(
            "The schema file {} has {} bytes; a schema file can have at most {MAX_FILE_SIZE}.",
            f.path,
            f.text.len()
        )
    } else {
        return true;
    };
    diagnostics.push_error(Diagnostic::error(codes::SCHEMA_TOO_LARGE, message, Span::empty(FileId(0))));
    false
}

/// What Prisma's parser reports beside the grammar: the escapes of a file's string literals (as it
/// reads each literal) and the attributes a composite type may not have. Their errors go among the
/// file's syntax errors (from `first_error` on) in source order.
fn parser_checks(text: &str, tops: &[Top], diagnostics: &mut Diagnostics, first_error: usize) {
    let mut found = Diagnostics::new();
    escapes::check(text, tops, &mut found);
    // A field without a name or a type is no node of ours, but Prisma reads its literals.
    for e in diagnostics.errors[first_error..].iter().filter(|e| e.code == codes::INVALID_FIELD) {
        escapes::check_text(text, e.span.file(), e.span.start(), e.span.end(), &mut found);
    }
    diagnostics.warnings.append(&mut found.warnings);
    let composite = composite_type_attributes(tops);
    if found.errors.is_empty() && composite.is_empty() {
        return;
    }
    // Each error with where the parser stands when it reports it: an escape at the literal, a
    // composite type's attribute at the attribute or at the end of its field.
    let mut reported: Vec<(usize, Diagnostic)> = found.errors.into_iter().map(|e| (e.span.start(), e)).collect();
    reported.extend(composite);
    // Stable: errors at one position keep their order (escapes before the field's end).
    reported.sort_by_key(|(at, _)| *at);
    let syntax = diagnostics.errors.split_off(first_error);
    let mut reported = reported.into_iter().peekable();
    for error in syntax {
        // An invalid field declaration is reported once its line is read.
        let at = if error.code == codes::INVALID_FIELD { error.span.end() } else { error.span.start() };
        while let Some((_, found)) = reported.next_if(|(found_at, _)| *found_at < at) {
            diagnostics.errors.push(found);
        }
        diagnostics.errors.push(error);
    }
    diagnostics.errors.extend(reported.map(|(_, e)| e));
}

/// What Prisma's parser refuses in composite types, each with where the parser stands when it says
/// so: block attributes (at the attribute), and `@id`, `@unique` and `@relation` on fields (at the
/// end of the field; its validation then does not know them either).
fn composite_type_attributes(tops: &[Top]) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    for top in tops {
        let Top::CompositeType(c) = top else { continue };
        for a in c.attributes.iter() {
            let message = match a.name.name.as_str() {
                "map" => "The name of a composite type is not persisted in the database, therefore it does not need a mapped database name.",
                "index" => "An index should be defined in the model containing the embed.",
                "unique" => "A unique constraint should be defined in the model containing the embed.",
                "fulltext" => "A fulltext index should be defined in the model containing the embed.",
                "id" => "A composite type cannot define an id.",
                _ => "A composite type cannot have block-level attributes.",
            };
            out.push((a.span.start(), Diagnostic::validation(codes::COMPOSITE_TYPE_ATTRIBUTE, message, a.span)));
        }
        for f in c.fields.iter() {
            for a in f.attributes.iter() {
                let name = a.name.name.as_str();
                if matches!(name, "id" | "unique" | "relation") {
                    out.push((
                        f.span().end(),
                        Diagnostic::validation(
                            codes::COMPOSITE_TYPE_ATTRIBUTE,
                            format!("Defining `@{name}` attribute for a field in a composite type is not allowed."),
                            f.span(),
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// Runs the grammar alone (the formatter works on this concrete tree).
pub fn parse_tree(text: &str) -> Result<pest::iterators::Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    PrismaParser::parse(Rule::file, text).map_err(Box::new)
}

fn parse_file(text: &str, file: FileId, ast: &mut SchemaAst, diagnostics: &mut Diagnostics) {
    let root = match PrismaParser::parse(Rule::file, text) {
        Ok(mut pairs) => pairs.next().expect("the file rule always produces one pair"),
        Err(err) => {
            let (start, end) = match err.location {
                pest::error::InputLocation::Pos(p) => (p, p),
                pest::error::InputLocation::Span(s) => s,
            };
            let expected = match &err.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. } => {
                    positives.iter().map(|r| format!("{r:?}")).collect::<Vec<_>>().join(", ")
                }
                pest::error::ErrorVariant::CustomError { message } => message.clone(),
            };
            diagnostics.push_error(Diagnostic::error(
                codes::SYNTAX,
                format!("Unexpected token. Expected one of: {expected}"),
                Span::new(file, start, end),
            ));
            return;
        }
    };
    let cx = Cx { file };
    let mut pending_doc: Option<P<'_>> = None;
    let mut items = root.into_inner().peekable();
    while let Some(item) = items.next() {
        match item.as_rule() {
            Rule::block => {
                let doc = pending_doc.take().and_then(|c| doc_of_comments(&c));
                if let Some(top) = cx.parse_block(item, doc, diagnostics) {
                    ast.tops.push(top);
                }
            }
            Rule::comments => {
                // A comment block documents the block directly below it (no blank line between).
                pending_doc = match items.peek().map(|p| p.as_rule()) {
                    Some(Rule::block) => Some(item),
                    _ => None,
                };
            }
            Rule::type_alias => diagnostics.push_error(Diagnostic::validation(
                codes::LEGACY_SYNTAX,
                "Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types",
                cx.span(&item),
            )),
            Rule::keywordless_block => diagnostics.push_error(Diagnostic::validation(
                codes::INVALID_BLOCK,
                "This block is invalid. It does not start with any known Prisma schema keyword. Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'.",
                cx.span(&item),
            )),
            Rule::stray_line => diagnostics.push_error(Diagnostic::validation(
                codes::INVALID_LINE,
                "This line is invalid. It does not start with any known Prisma schema keyword.",
                cx.span(&item),
            )),
            Rule::blank_lines | Rule::EOI => {}
            other => unreachable_rule(other, "file"),
        }
    }
}

fn unreachable_rule(rule: Rule, context: &str) {
    // The grammar and this parser are written together; reaching this is a bug in schemagen, but we
    // prefer skipping the node to crashing on a user's schema.
    debug_assert!(false, "unexpected rule {rule:?} in {context}");
}

struct Cx {
    file: FileId,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Model,
    View,
    Type,
    Enum,
    Datasource,
    Generator,
}

impl BlockKind {
    fn noun(self) -> &'static str {
        match self {
            BlockKind::Model => "model",
            BlockKind::View => "view",
            BlockKind::Type => "composite type",
            BlockKind::Enum => "enum",
            BlockKind::Datasource => "datasource",
            BlockKind::Generator => "generator",
        }
    }
}

impl Cx {
    fn span(&self, pair: &P<'_>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn ident(&self, pair: P<'_>) -> Ident {
        Ident { name: pair.as_str().into(), span: self.span(&pair) }
    }

    fn parse_block(&self, pair: P<'_>, documentation: Option<String>, diagnostics: &mut Diagnostics) -> Option<Top> {
        let span = self.span(&pair);
        let mut kind = None;
        let mut name = None;
        let mut body = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::block_keyword => {
                    kind = inner.into_inner().next().map(|k| match k.as_rule() {
                        Rule::kw_model => BlockKind::Model,
                        Rule::kw_view => BlockKind::View,
                        Rule::kw_type => BlockKind::Type,
                        Rule::kw_enum => BlockKind::Enum,
                        Rule::kw_datasource => BlockKind::Datasource,
                        _ => BlockKind::Generator,
                    })
                }
                Rule::ident => name = Some(self.ident(inner)),
                Rule::block_body => body = Some(inner),
                Rule::block_open | Rule::block_close => {}
                other => unreachable_rule(other, "block"),
            }
        }
        let (kind, name, body) = (kind?, name?, body?);
        let members = self.parse_members(kind, &name.name, body, diagnostics);
        Some(match kind {
            BlockKind::Model | BlockKind::View => Top::Model(Model {
                name,
                fields: members.fields.into(),
                attributes: members.attributes.into(),
                documentation: documentation.map(Name::from),
                field_docs: members.field_docs.into(),
                is_view: kind == BlockKind::View,
                span,
            }),
            BlockKind::Type => Top::CompositeType(CompositeType {
                name,
                fields: members.fields.into(),
                attributes: members.attributes.into(),
                documentation: documentation.map(Name::from),
                field_docs: members.field_docs.into(),
                span,
            }),
            BlockKind::Enum => Top::Enum(Enum {
                name,
                values: members.values.into(),
                attributes: members.attributes.into(),
                documentation,
                span,
            }),
            BlockKind::Datasource => {
                Top::Datasource(ConfigBlock { name, properties: members.properties.into(), documentation, span })
            }
            BlockKind::Generator => {
                Top::Generator(ConfigBlock { name, properties: members.properties.into(), documentation, span })
            }
        })
    }

    fn parse_members(&self, kind: BlockKind, block_name: &str, body: P<'_>, diagnostics: &mut Diagnostics) -> Members {
        let mut members = Members::default();
        let mut pending_doc: Option<String> = None;
        let is_config = matches!(kind, BlockKind::Datasource | BlockKind::Generator);
        for member in body.into_inner() {
            match member.as_rule() {
                Rule::comments => pending_doc = doc_of_comments(&member),
                Rule::blank_lines => {}
                Rule::block_attribute if !is_config => {
                    members.attributes.push(self.parse_attribute(member));
                }
                Rule::property if is_config => {
                    pending_doc = None;
                    members.properties.push(self.parse_property(member));
                }
                Rule::field if kind == BlockKind::Enum => {
                    let doc = pending_doc.take();
                    match self.parse_enum_value(member, doc) {
                        Ok(v) => members.values.push(v),
                        Err(span) => diagnostics.push_error(Diagnostic::validation(
                            codes::INVALID_MEMBER,
                            "This line is not an enum value definition.",
                            span,
                        )),
                    }
                }
                Rule::field if !is_config => {
                    let doc = pending_doc.take();
                    match self.parse_field(member, doc, diagnostics) {
                        Ok((f, doc)) => {
                            if let Some(doc) = doc {
                                members.field_docs.push((members.fields.len() as u32, doc));
                            }
                            members.fields.push(f)
                        }
                        Err(None) => {}
                        Err(Some(span)) => diagnostics.push_error(Diagnostic::in_block(
                            codes::INVALID_FIELD,
                            kind.noun(),
                            block_name,
                            "This field declaration is invalid. It is either missing a name or a type.",
                            span,
                        )),
                    }
                }
                _ => {
                    let message = match kind {
                        BlockKind::Model | BlockKind::View | BlockKind::Type => {
                            "This line is not a valid field or attribute definition.".to_string()
                        }
                        BlockKind::Enum => "This line is not an enum value definition.".to_string(),
                        BlockKind::Datasource | BlockKind::Generator => {
                            format!("This line is not a valid definition within a {}.", kind.noun())
                        }
                    };
                    // Prisma points at the whole line, line break included.
                    let mut span = self.span(&member);
                    span = span.with_end(end_of_line(member.as_span().get_input(), span.end()));
                    diagnostics.push_error(Diagnostic::validation(codes::INVALID_MEMBER, message, span));
                }
            }
        }
        members
    }

    fn parse_property(&self, pair: P<'_>) -> ConfigProperty {
        let span = self.span(&pair);
        let mut name = None;
        let mut value = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => name = Some(self.ident(inner)),
                Rule::expression => value = Some(self.parse_expression(inner)),
                Rule::trailing_comment => {}
                other => unreachable_rule(other, "property"),
            }
        }
        let name = name.unwrap_or(Ident { name: Name::default(), span });
        ConfigProperty { name, value, span }
    }

    fn parse_field(
        &self,
        pair: P<'_>,
        doc: Option<String>,
        diagnostics: &mut Diagnostics,
    ) -> Result<(Field, Option<Name>), Option<Span>> {
        let span = self.span(&pair);
        let mut name = None;
        let mut ty: Option<(FieldType, FieldArity)> = None;
        let mut attributes = Vec::new();
        let mut documentation = doc;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => name = Some(self.ident(inner)),
                Rule::legacy_colon => {
                    diagnostics.push_error(Diagnostic::error(
                        codes::LEGACY_SYNTAX,
                        "Field declarations don't require a `:`.",
                        self.span(&inner),
                    ));
                    return Err(None);
                }
                Rule::field_type => match self.parse_field_type(inner, diagnostics) {
                    Some(t) => ty = Some(t),
                    None => return Err(None),
                },
                Rule::field_attribute => attributes.push(self.parse_attribute(inner)),
                Rule::trailing_comment => {
                    if let Some(text) = doc_comment_text(&inner) {
                        documentation = Some(match documentation {
                            Some(existing) => format!("{existing}\n{text}"),
                            None => text,
                        });
                    }
                }
                other => unreachable_rule(other, "field"),
            }
        }
        match (name, ty) {
            (Some(name), Some((field_type, arity))) => {
                Ok((Field::new(name, field_type, arity, attributes.into(), span), documentation.map(Name::from)))
            }
            _ => Err(Some(span)),
        }
    }

    fn parse_enum_value(&self, pair: P<'_>, doc: Option<String>) -> Result<EnumValue, Span> {
        let span = self.span(&pair);
        let mut name = None;
        let mut attributes = Vec::new();
        let mut documentation = doc;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => name = Some(self.ident(inner)),
                Rule::field_attribute => attributes.push(self.parse_attribute(inner)),
                Rule::trailing_comment => {
                    if let Some(text) = doc_comment_text(&inner) {
                        documentation = Some(match documentation {
                            Some(existing) => format!("{existing}\n{text}"),
                            None => text,
                        });
                    }
                }
                // `A B` or `A: B` in an enum is not a value.
                Rule::legacy_colon | Rule::field_type => return Err(span),
                other => unreachable_rule(other, "enum value"),
            }
        }
        let name = name.ok_or(span)?;
        Ok(EnumValue { name, attributes: attributes.into(), documentation, span })
    }

    /// Returns `None` (after reporting) for the legacy forms.
    fn parse_field_type(&self, pair: P<'_>, diagnostics: &mut Diagnostics) -> Option<(FieldType, FieldArity)> {
        let mut base: Option<FieldType> = None;
        let mut arity = FieldArity::Required;
        let mut start = None;
        let mut end;
        for inner in pair.into_inner() {
            let span = self.span(&inner);
            start.get_or_insert(span.start());
            end = span.end();
            let full = Span::new(self.file, start.unwrap_or(span.start()), end);
            match inner.as_rule() {
                Rule::base_type => base = self.parse_base_type(inner),
                Rule::optional_suffix => arity = FieldArity::Optional,
                Rule::list_suffix => arity = FieldArity::List,
                Rule::optional_list_suffix => {
                    diagnostics.push_error(Diagnostic::error(
                        codes::LEGACY_SYNTAX,
                        "Optional lists are not supported. Use either `Type[]` or `Type?`.",
                        full,
                    ));
                    return None;
                }
                Rule::legacy_required_suffix => {
                    diagnostics.push_error(Diagnostic::error(
                        codes::LEGACY_SYNTAX,
                        "Fields are required by default, `!` is no longer required.",
                        full,
                    ));
                    return None;
                }
                Rule::legacy_list_type => {
                    diagnostics.push_error(Diagnostic::error(
                        codes::LEGACY_SYNTAX,
                        "To specify a list, please use `Type[]` instead of `[Type]`.",
                        full,
                    ));
                    return None;
                }
                other => unreachable_rule(other, "field type"),
            }
        }
        Some((base?, arity))
    }

    fn parse_base_type(&self, pair: P<'_>) -> Option<FieldType> {
        let t = pair.into_inner().next()?;
        Some(match t.as_rule() {
            Rule::unsupported_type => {
                let s = t.clone().into_inner().find(|x| x.as_rule() == Rule::string).map(|s| unescape_string(&s));
                FieldType::Unsupported(Box::new((s.unwrap_or_default(), self.span(&t))))
            }
            _ => FieldType::Named(self.ident(t)),
        })
    }

    fn parse_attribute(&self, pair: P<'_>) -> Attribute {
        let mut span = self.span(&pair);
        let mut name = None;
        let mut arguments = ArgumentsList::default();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::attr_path => name = Some(self.ident(inner)),
                Rule::arguments => arguments = self.parse_arguments(inner),
                Rule::trailing_comment => {
                    // A block attribute's trailing comment is not part of the attribute.
                    span = span.with_end(self.span(&inner).start());
                }
                other => unreachable_rule(other, "attribute"),
            }
        }
        let name = name.unwrap_or(Ident { name: Name::default(), span });
        Attribute { name, arguments, span }
    }

    fn parse_arguments(&self, pair: P<'_>) -> ArgumentsList {
        let mut list = ArgumentsList::default();
        let mut arguments = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::named_argument => {
                    let mut parts = inner.into_inner();
                    let name = parts.next().map(|p| self.ident(p));
                    if let Some(value) = parts.next().map(|p| self.parse_expression(p)) {
                        arguments.push(Argument { name, value });
                    }
                }
                Rule::empty_argument => {
                    if let Some(p) = inner.into_inner().next() {
                        list.unusual_mut().empty_arguments.push(self.ident(p));
                    }
                }
                Rule::expression => {
                    arguments.push(Argument { name: None, value: self.parse_expression(inner) });
                }
                Rule::trailing_comma => list.unusual_mut().trailing_comma = Some(self.span(&inner)),
                other => unreachable_rule(other, "arguments"),
            }
        }
        list.arguments = arguments.into();
        list
    }

    fn parse_expression(&self, pair: P<'_>) -> Expression {
        let outer_span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return Expression::Constant(Name::default(), outer_span);
        };
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::number => Expression::Numeric(inner.as_str().into(), span),
            Rule::string => Expression::String(unescape_string(&inner).into(), span),
            Rule::constant => Expression::Constant(inner.as_str().into(), span),
            Rule::function_call => {
                let mut name = Name::default();
                let mut args = ArgumentsList::default();
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::attr_path => name = p.as_str().into(),
                        Rule::arguments => args = self.parse_arguments(p),
                        other => unreachable_rule(other, "function call"),
                    }
                }
                Expression::Function(name, Box::new(args), span)
            }
            Rule::array => Expression::Array(inner.into_inner().map(|p| self.parse_expression(p)).collect(), span),
            other => {
                unreachable_rule(other, "expression");
                Expression::Constant(inner.as_str().into(), span)
            }
        }
    }
}

#[derive(Default)]
struct Members {
    fields: Vec<Field>,
    field_docs: Vec<(u32, Name)>,
    values: Vec<EnumValue>,
    attributes: Vec<Attribute>,
    properties: Vec<ConfigProperty>,
}

/// `pos` if a line ends there, else the position after the next line break (or the end of the text).
fn end_of_line(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    if pos > 0 && matches!(bytes.get(pos - 1), Some(b'\n') | Some(b'\r')) {
        return pos;
    }
    let mut p = pos;
    while p < bytes.len() && bytes[p] != b'\n' && bytes[p] != b'\r' {
        p += 1;
    }
    match bytes.get(p) {
        Some(b'\r') if bytes.get(p + 1) == Some(&b'\n') => p + 2,
        Some(_) => p + 1,
        None => p,
    }
}

/// The documentation a `comments` pair carries: its `///` and `/* */` comments, joined by newlines
/// (`//` comments are not documentation).
fn doc_of_comments(pair: &P<'_>) -> Option<String> {
    let lines: Vec<String> = pair.clone().into_inner().filter_map(|p| doc_text(&p)).collect();
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}

fn doc_comment_text(trailing: &P<'_>) -> Option<String> {
    trailing.clone().into_inner().find_map(|p| doc_text(&p))
}

/// The documentation text of one comment: a `///` line without its leading whitespace (Prisma keeps
/// trailing spaces), or the inside of a `/* */` comment, trimmed.
fn doc_text(comment: &P<'_>) -> Option<String> {
    match comment.as_rule() {
        Rule::doc_comment => Some(
            comment
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::comment_text)
                .map(|p| p.as_str().trim_start().to_string())
                .unwrap_or_default(),
        ),
        Rule::block_comment => {
            let text = comment.as_str();
            let inner = text.find("/*").and_then(|a| text.rfind("*/").filter(|b| *b >= a + 2).map(|b| &text[a + 2..b]));
            Some(inner.unwrap_or("").trim().to_string())
        }
        _ => None,
    }
}

/// Resolves JSON-style escapes of a `string` pair (see [`escapes::unescape`]).
fn unescape_string(pair: &P<'_>) -> String {
    let raw = pair.as_str();
    let raw = raw.strip_prefix('"').unwrap_or(raw);
    let raw = raw.strip_suffix('"').unwrap_or(raw);
    escapes::unescape(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_beyond_what_spans_address_is_refused_with_one_error() {
        let mut files = SourceFiles::new();
        for i in 0..=crate::source::MAX_FILES {
            files.add(format!("f{i}.prisma"), "");
        }
        for parts in [1, 2] {
            let mut d = Diagnostics::new();
            let (ast, _) = parse_in_parts(&files, &mut d, parts);
            assert!(ast.tops.is_empty());
            assert_eq!(d.errors.len(), 1);
            assert_eq!(d.errors[0].code, codes::SCHEMA_TOO_LARGE);
        }
    }

    fn parse_one(text: &str) -> (SchemaAst, Diagnostics) {
        let files = SourceFiles::single("schema.prisma", text);
        let mut d = Diagnostics::new();
        let ast = parse(&files, &mut d);
        (ast, d)
    }

    #[test]
    fn parses_models_fields_attributes_and_docs() {
        let (ast, d) = parse_one(
            "/// A user.\nmodel User {\r\n  id Int @id @default(autoincrement()) /// the id\n  tags String[]\n  name String? @db.VarChar(255)\n  @@index([name(sort: Desc), id], map: \"x\")\n}\n",
        );
        assert!(d.errors.is_empty(), "{d:?}");
        let (_, m) = ast.models().next().unwrap();
        assert_eq!(m.name.name, "User");
        assert_eq!(m.documentation.as_deref(), Some("A user."));
        assert_eq!(m.fields.len(), 3);
        assert_eq!(field_documentation(&m.field_docs, 0).map(|d| d.as_str()), Some("the id"));
        assert_eq!(field_documentation(&m.field_docs, 1), None);
        assert_eq!(m.fields[1].arity, FieldArity::List);
        assert_eq!(m.fields[2].attributes[0].name.name, "db.VarChar");
        assert_eq!(m.attributes[0].name.name, "index");
        assert_eq!(m.attributes[0].named("map").unwrap().value.as_string(), Some("x"));
    }

    #[test]
    fn bad_lines_become_diagnostics() {
        let (ast, d) = parse_one("model A {\n  id Int @id\n  ?? what\n}\nnonsense here\n");
        assert_eq!(ast.tops.len(), 1);
        assert_eq!(d.errors.len(), 2);
        assert_eq!(d.errors[0].message, "Error validating: This line is not a valid field or attribute definition.");
        assert!(d.errors[1].message.starts_with("Error validating: This line is invalid."));
    }

    #[test]
    fn optional_list_is_rejected() {
        let (_, d) = parse_one("model A {\n  id Int @id\n  xs Int[]?\n}\n");
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].message.contains("Optional lists are not supported"));
    }
}
