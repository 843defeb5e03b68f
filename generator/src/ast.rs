//! The syntax tree of a schema: what was written, with a span on every node, not yet validated.
//!
//! A multi-file schema is one [`SchemaAst`] holding the tops of every file in file order; each node's
//! span names its file.

use crate::source::{FileId, Span};

/// The children of a node: a boxed slice, not a `Vec` (the tree is not edited after parsing, and a
/// slice is a word smaller with no spare capacity).
pub type List<T> = Box<[T]>;

/// A name as written (one pointer to a shared string; see [`crate::name`]).
pub use crate::name::Name;

/// A list of nodes kept in one allocation shared by a whole block: the attributes of every field
/// of a block live in one pool, the arguments of every attribute of a block in another, and each
/// list is a range of its pool. A large schema has tens of thousands of such short lists: one
/// allocation each would cost an allocator header and rounding per list, about a sixth of the
/// AST's memory. A list read in other ways (the reference parser, nested calls) is a pool of its
/// own ([`From<Vec<T>>`]). Reads as a slice; equality compares the nodes, not the pooling.
pub struct Pooled<T> {
    /// `None` for an empty list, and for a list the parser has not yet given its pool.
    pool: Option<triomphe::ThinArc<(), T>>,
    start: u32,
    len: u32,
}

impl<T> Pooled<T> {
    /// A list of `len` nodes from index `start` of a pool not yet made (the parser's scratch
    /// stack): it reads as empty until [`Pooled::attach`].
    pub(crate) fn pending(start: usize, len: usize) -> Self {
        Pooled { pool: None, start: start as u32, len: len as u32 }
    }

    /// Gives a pending list its pool, made of the scratch stack from index `base` on.
    pub(crate) fn attach(&mut self, pool: &Option<triomphe::ThinArc<(), T>>, base: usize) {
        if self.len > 0 {
            debug_assert!(self.pool.is_none() && self.start as usize >= base);
            self.pool = pool.clone();
            self.start -= base as u32;
        }
    }

    /// A pool of the given nodes (`None` when there are none).
    pub(crate) fn pool(nodes: impl ExactSizeIterator<Item = T>) -> Option<triomphe::ThinArc<(), T>> {
        (nodes.len() > 0).then(|| triomphe::ThinArc::from_header_and_iter((), nodes))
    }
}

impl<T> Default for Pooled<T> {
    fn default() -> Self {
        Pooled { pool: None, start: 0, len: 0 }
    }
}

impl<T> From<Vec<T>> for Pooled<T> {
    fn from(nodes: Vec<T>) -> Self {
        let len = nodes.len() as u32;
        Pooled { pool: Self::pool(nodes.into_iter()), start: 0, len }
    }
}

impl<T> std::ops::Deref for Pooled<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.pool {
            Some(pool) => pool.slice.get(self.start as usize..(self.start + self.len) as usize).unwrap_or(&[]),
            None => &[],
        }
    }
}

impl<'a, T> IntoIterator for &'a Pooled<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> Clone for Pooled<T> {
    fn clone(&self) -> Self {
        Pooled { pool: self.pool.clone(), start: self.start, len: self.len }
    }
}

impl<T: PartialEq> PartialEq for Pooled<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Pooled<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// An identifier with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: Name,
    pub span: Span,
}

/// Every top-level definition of every file.
#[derive(Debug, Clone, Default)]
pub struct SchemaAst {
    pub tops: Vec<Top>,
    /// Where the tops read on threads of their own start (indices of `tops`, ascending): how the
    /// AST was read, not what it says, so not compared. Resolution reads those tops on threads of
    /// their own too ([`crate::ir::resolve`]): glibc's allocator gives a new thread the memory
    /// arena a finished thread left, so the IR made from those tops reuses the memory their AST
    /// frees, instead of growing the calling thread's arena beside it.
    pub read_apart: Vec<usize>,
}

/// The tops only (see [`SchemaAst::read_apart`]).
impl PartialEq for SchemaAst {
    fn eq(&self, other: &Self) -> bool {
        self.tops == other.tops
    }
}

/// Index of a top in [`SchemaAst::tops`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopId(pub u32);

impl SchemaAst {
    pub fn iter_tops(&self) -> impl Iterator<Item = (TopId, &Top)> {
        self.tops.iter().enumerate().map(|(i, t)| (TopId(i as u32), t))
    }

    pub fn models(&self) -> impl Iterator<Item = (TopId, &Model)> {
        self.iter_tops().filter_map(|(id, t)| match t {
            Top::Model(m) => Some((id, m)),
            _ => None,
        })
    }

    pub fn enums(&self) -> impl Iterator<Item = (TopId, &Enum)> {
        self.iter_tops().filter_map(|(id, t)| match t {
            Top::Enum(e) => Some((id, e)),
            _ => None,
        })
    }

    pub fn composite_types(&self) -> impl Iterator<Item = (TopId, &CompositeType)> {
        self.iter_tops().filter_map(|(id, t)| match t {
            Top::CompositeType(c) => Some((id, c)),
            _ => None,
        })
    }

    pub fn datasources(&self) -> impl Iterator<Item = (TopId, &ConfigBlock)> {
        self.iter_tops().filter_map(|(id, t)| match t {
            Top::Datasource(c) => Some((id, c)),
            _ => None,
        })
    }

    pub fn generators(&self) -> impl Iterator<Item = (TopId, &ConfigBlock)> {
        self.iter_tops().filter_map(|(id, t)| match t {
            Top::Generator(c) => Some((id, c)),
            _ => None,
        })
    }

    pub fn top(&self, id: TopId) -> &Top {
        &self.tops[id.0 as usize]
    }
}

/// A top-level definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Top {
    /// A `model` or a `view` (see [`Model::is_view`]).
    Model(Model),
    Enum(Enum),
    /// A `type` block (composite type).
    CompositeType(CompositeType),
    Datasource(ConfigBlock),
    Generator(ConfigBlock),
}

impl Top {
    pub fn name(&self) -> &Ident {
        match self {
            Top::Model(m) => &m.name,
            Top::Enum(e) => &e.name,
            Top::CompositeType(c) => &c.name,
            Top::Datasource(c) | Top::Generator(c) => &c.name,
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Top::Model(m) => m.span,
            Top::Enum(e) => e.span,
            Top::CompositeType(c) => c.span,
            Top::Datasource(c) | Top::Generator(c) => c.span,
        }
    }

    /// `model`, `view`, `enum`, `type`, `datasource` or `generator`.
    pub fn keyword(&self) -> &'static str {
        match self {
            Top::Model(m) if m.is_view => "view",
            Top::Model(_) => "model",
            Top::Enum(_) => "enum",
            Top::CompositeType(_) => "type",
            Top::Datasource(_) => "datasource",
            Top::Generator(_) => "generator",
        }
    }

    pub fn file(&self) -> FileId {
        self.span().file()
    }
}

/// A `model` or `view` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: Ident,
    pub fields: List<Field>,
    /// Block attributes (`@@id`, `@@index`, ...), in source order.
    pub attributes: List<Attribute>,
    /// The `///` comments right above the block.
    pub documentation: Option<Name>,
    /// The documentation of the fields that have some (see [`field_documentation`]).
    pub field_docs: List<(u32, Name)>,
    pub is_view: bool,
    /// The whole block, keyword to closing brace.
    pub span: Span,
}

/// A `type` block.
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeType {
    pub name: Ident,
    pub fields: List<Field>,
    /// Block attributes are not allowed on composite types; kept to report them.
    pub attributes: List<Attribute>,
    pub documentation: Option<Name>,
    /// The documentation of the fields that have some (see [`field_documentation`]).
    pub field_docs: List<(u32, Name)>,
    pub span: Span,
}

/// The documentation of a block's field (by its index) in the block's `field_docs`: the `///`
/// comments above the field and its trailing `///` comment, joined by newlines. Kept beside the
/// fields, not in them: few fields are documented, and every field would carry the word.
pub fn field_documentation(field_docs: &[(u32, Name)], field: usize) -> Option<&Name> {
    let i = field_docs.binary_search_by_key(&(field as u32), |(i, _)| *i).ok()?;
    Some(&field_docs[i].1)
}

/// A field of a model, view or composite type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Ident,
    pub field_type: FieldType,
    pub arity: FieldArity,
    pub attributes: Pooled<Attribute>,
    /// Where the field's line ends: it starts with the name (see [`Field::span`]). Not a whole
    /// span: a field is one of the most numerous nodes, and this keeps it at 56 bytes.
    end: u32,
}

impl Field {
    /// A field whose line spans `span` (which starts where the name does).
    pub fn new(
        name: Ident,
        field_type: FieldType,
        arity: FieldArity,
        attributes: Pooled<Attribute>,
        span: Span,
    ) -> Self {
        debug_assert_eq!((span.file(), span.start()), (name.span.file(), name.span.start()));
        Field { name, field_type, arity, attributes, end: span.end() as u32 }
    }

    /// The whole field line, from its name to its line break.
    pub fn span(&self) -> Span {
        self.name.span.with_end(self.end as usize)
    }
}

/// The type name of a field as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// A scalar, enum, model or composite type name.
    Named(Ident),
    /// `Unsupported("...")`: the string and the span of the whole type (boxed: rare, and this way a
    /// field type is no bigger than a name).
    Unsupported(Box<(String, Span)>),
}

impl FieldType {
    pub fn span(&self) -> Span {
        match self {
            FieldType::Named(i) => i.span,
            FieldType::Unsupported(u) => u.1,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            FieldType::Named(i) => &i.name,
            FieldType::Unsupported(u) => &u.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldArity {
    Required,
    Optional,
    List,
}

impl FieldArity {
    pub fn is_list(self) -> bool {
        self == FieldArity::List
    }
    pub fn is_optional(self) -> bool {
        self == FieldArity::Optional
    }
    pub fn is_required(self) -> bool {
        self == FieldArity::Required
    }
}

/// An `enum` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: Ident,
    pub values: List<EnumValue>,
    pub attributes: List<Attribute>,
    pub documentation: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub name: Ident,
    pub attributes: Pooled<Attribute>,
    pub documentation: Option<String>,
    pub span: Span,
}

/// A `datasource` or `generator` block.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigBlock {
    pub name: Ident,
    pub properties: List<ConfigProperty>,
    pub documentation: Option<String>,
    pub span: Span,
}

impl ConfigBlock {
    pub fn property(&self, name: &str) -> Option<&ConfigProperty> {
        self.properties.iter().find(|p| p.name.name == name)
    }
}

/// `name = value`. The value is `None` when the line ends after `=`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigProperty {
    pub name: Ident,
    pub value: Option<Expression>,
    pub span: Span,
}

/// `@name(args)` or `@@name(args)`. The name is stored without the `@`s (`db.VarChar`, `id`).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: Ident,
    pub arguments: ArgumentsList,
    pub span: Span,
}

impl Attribute {
    /// The first unnamed argument.
    pub fn positional(&self) -> Option<&Argument> {
        self.arguments.arguments.iter().find(|a| a.name.is_none())
    }

    pub fn named(&self, name: &str) -> Option<&Argument> {
        self.arguments.named(name)
    }
}

/// The parenthesised arguments of an attribute or function call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArgumentsList {
    pub arguments: Pooled<Argument>,
    /// What is rarely written (`name:` with no value, a trailing comma), kept apart so that every
    /// attribute stays small.
    pub unusual: Option<Box<UnusualArguments>>,
}

/// The rare parts of an [`ArgumentsList`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnusualArguments {
    /// `name:` with no value (an editing state; reported as an error).
    pub empty_arguments: Vec<Ident>,
    pub trailing_comma: Option<Span>,
}

impl ArgumentsList {
    /// The first argument called `name`.
    pub fn named(&self, name: &str) -> Option<&Argument> {
        self.arguments.iter().find(|a| a.name.as_ref().is_some_and(|n| n.name == name))
    }

    /// `name:` with no value (an editing state; reported as an error).
    pub fn empty_arguments(&self) -> &[Ident] {
        self.unusual.as_deref().map_or(&[], |u| &u.empty_arguments)
    }

    pub fn trailing_comma(&self) -> Option<Span> {
        self.unusual.as_deref().and_then(|u| u.trailing_comma)
    }

    /// The rare parts, created on first use (for parsers).
    pub fn unusual_mut(&mut self) -> &mut UnusualArguments {
        self.unusual.get_or_insert_with(Default::default)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub name: Option<Ident>,
    pub value: Expression,
}

impl Argument {
    /// `name: value` or `value`: from the name (if any) to the end of the value (not stored: every
    /// argument would carry a third span).
    pub fn span(&self) -> Span {
        let value = self.value.span();
        match &self.name {
            Some(name) => name.span.with_end(value.end()),
            None => value,
        }
    }
}

/// A value in an argument or a property.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// A number as written (`1`, `-2.5`).
    Numeric(Name, Span),
    /// A string with its escapes resolved.
    String(Name, Span),
    /// A bare word or dotted path: `true`, `Desc`, `Cascade`, `fieldName`, `db.Text`.
    Constant(Name, Span),
    /// `name(args)` (the arguments boxed: most expressions are not calls, and this keeps every
    /// expression small).
    Function(Name, Box<ArgumentsList>, Span),
    Array(List<Expression>, Span),
}

impl Expression {
    pub fn span(&self) -> Span {
        match self {
            Expression::Numeric(_, s)
            | Expression::String(_, s)
            | Expression::Constant(_, s)
            | Expression::Function(_, _, s)
            | Expression::Array(_, s) => *s,
        }
    }

    pub fn as_string(&self) -> Option<&str> {
        match self {
            Expression::String(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_constant(&self) -> Option<&str> {
        match self {
            Expression::Constant(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Expression]> {
        match self {
            Expression::Array(items, _) => Some(items),
            _ => None,
        }
    }

    /// The expression as Prisma quotes values in messages (`"x"`, `[a,b]`, `f(a: 1)`).
    pub fn to_message_string(&self) -> String {
        match self {
            // `as_str().to_owned()`: a copy, not the `Display` machinery of `to_string`.
            Expression::Numeric(v, _) | Expression::Constant(v, _) => v.as_str().to_owned(),
            Expression::String(v, _) => {
                let mut out = String::with_capacity(v.len() + 2);
                out.push('"');
                for c in v.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        // Other control characters as Prisma prints them (`\u0008`).
                        c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('"');
                out
            }
            Expression::Function(name, args, _) => {
                let args: Vec<String> = args
                    .arguments
                    .iter()
                    .map(|a| match &a.name {
                        Some(n) => format!("{}: {}", n.name, a.value.to_message_string()),
                        None => a.value.to_message_string(),
                    })
                    .collect();
                format!("{name}({})", args.join(","))
            }
            Expression::Array(items, _) => {
                let items: Vec<String> = items.iter().map(Expression::to_message_string).collect();
                format!("[{}]", items.join(","))
            }
        }
    }

    /// How Prisma names the kind of value in messages ("string value", "numeric value", ...).
    pub fn describe(&self) -> &'static str {
        match self {
            Expression::Numeric(..) => "numeric",
            Expression::String(..) => "string",
            Expression::Constant(..) => "literal",
            Expression::Function(..) => "functional",
            Expression::Array(..) => "array",
        }
    }
}
