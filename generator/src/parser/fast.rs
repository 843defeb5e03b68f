//! A hand-written reader of exactly the language of `prisma.pest`, for speed.
//!
//! The pest grammar is the definition of the language and stays the reader of record for the
//! formatter (which needs its concrete tree). The pest-generated parser builds a token queue and
//! tracks attempts for error messages, which costs ~100 ms on a 2,000-model schema; this reader
//! walks the same PEG rules directly over bytes and builds the AST in one pass (~10x faster).
//!
//! Every function here mirrors one grammar rule, with the same ordered choices, the same implicit
//! whitespace between the elements of non-atomic rules (`skip`), and therefore the same spans. The
//! `parser_agreement` property test checks that both readers give the same AST and diagnostics on
//! the corpus and on random mutations of it.

use crate::ast::*;
use crate::diagnostics::{codes, Diagnostic, Diagnostics};
use crate::name::NameCache;
use crate::source::{FileId, Span};

/// Byte classes for [`Reader::ident`]: one table lookup per byte instead of several comparisons.
const OTHER: u8 = 0;
/// ASCII letters and digits: may start and continue an identifier.
const ALNUM: u8 = 1;
/// `_` and `-`: may continue an identifier.
const IDENT_PUNCT: u8 = 2;
/// The first byte or a continuation byte of a non-ASCII character (decoded to decide).
const NON_ASCII: u8 = 3;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if b.is_ascii_alphanumeric() {
            ALNUM
        } else if b == b'_' || b == b'-' {
            IDENT_PUNCT
        } else if b >= 0x80 {
            NON_ASCII
        } else {
            OTHER
        };
        i += 1;
    }
    table
};

/// Deepest nesting of arrays / argument lists / function calls we read. Deeper input is reported as
/// a syntax error instead of exhausting the stack.
const MAX_DEPTH: u32 = 64;

/// Reads one file into `ast`. A large file is cut into chunks at the starts of top-level blocks and
/// the chunks are read at the same time; the result is the sequential one, byte for byte (see
/// [`read_chunks`]).
pub(crate) fn parse_file(text: &str, file: FileId, ast: &mut SchemaAst, diagnostics: &mut Diagnostics) {
    let parts = if text.len() >= super::PARALLEL_MIN_BYTES {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
    } else {
        1
    };
    parse_file_in_parts(text, file, ast, diagnostics, parts);
}

/// [`parse_file`] with the file cut into at most `parts` chunks, whatever its size. Returns how many
/// chunks were read (1 when the file was read in one go).
pub(crate) fn parse_file_in_parts(
    text: &str,
    file: FileId,
    ast: &mut SchemaAst,
    diagnostics: &mut Diagnostics,
    parts: usize,
) -> usize {
    let cuts = if parts > 1 { chunk_starts(text, parts) } else { Vec::new() };
    let chunks = if cuts.is_empty() { None } else { read_chunks(text, file, &cuts) };
    let chunks = chunks.unwrap_or_else(|| vec![read_tops(text, file, 0, text.len())]);
    let read_in = chunks.len();
    let total: usize = chunks.iter().map(|c| c.tops.len()).sum();
    for (i, mut chunk) in chunks.into_iter().enumerate() {
        diagnostics.extend(chunk.diagnostics);
        if chunk.too_deep {
            ast.tops.clear();
            ast.read_apart.clear();
            break;
        }
        // Every chunk but the first was read on a thread of its own.
        if i > 0 && !chunk.tops.is_empty() {
            ast.read_apart.push(ast.tops.len());
        }
        if ast.tops.is_empty() {
            // The first chunk's list becomes the schema's, grown once to hold every chunk's
            // (not copied into a new list beside it: this is the parse's peak of memory).
            std::mem::swap(&mut ast.tops, &mut chunk.tops);
            ast.tops.reserve_exact(total - ast.tops.len());
        } else {
            ast.tops.append(&mut chunk.tops);
        }
    }
    // No room left over from growing: the list lives as long as the AST (shrinking in place).
    ast.tops.shrink_to_fit();
    read_in
}

/// What the top-level loop read from one stretch of a file.
struct Chunk {
    tops: Vec<Top>,
    diagnostics: Diagnostics,
    /// Where the loop stopped: the first item start at or after the stretch's end.
    end: usize,
    /// No `///` comment was waiting for a block when the loop stopped (a chunk that ends right
    /// after doc comments would have given them to the next chunk's first block).
    no_pending_doc: bool,
    too_deep: bool,
}

/// Reads the chunks `[0, cuts[0])`, `[cuts[0], cuts[1])`, ... `[cuts[last], len)` on one thread each.
///
/// A chunk starting at `c` gives the sequential result only if the sequential loop would itself be at
/// `c` with nothing pending. That is checked afterwards: the previous chunk, which reads on past its
/// end until it reaches an item start, must have stopped exactly at `c` with no doc comment waiting.
/// If any check fails (a cut inside a block of a broken file, say), or no thread can be started, `None`:
/// the caller reads the file sequentially.
fn read_chunks(text: &str, file: FileId, cuts: &[usize]) -> Option<Vec<Chunk>> {
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(0);
    bounds.extend_from_slice(cuts);
    bounds.push(text.len());
    let chunks: Option<Vec<Chunk>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .skip(1)
            .map(|w| {
                let (start, stop) = (w[0], w[1]);
                std::thread::Builder::new().spawn_scoped(scope, move || read_tops(text, file, start, stop))
            })
            .collect();
        // The first chunk on this thread, while the others run.
        let mut chunks = vec![read_tops(text, file, 0, bounds[1])];
        for handle in handles {
            // No thread to be had: the caller reads the file in one go (the scope joins the others).
            let Ok(handle) = handle else { return None };
            // A panic in a reader is a bug; surface it here as it would have surfaced sequentially.
            chunks.push(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        Some(chunks)
    });
    let chunks = chunks?;
    let joined = chunks.windows(2).zip(cuts).all(|(pair, &cut)| {
        let (before, after) = (&pair[0], &pair[1]);
        before.end == cut && before.no_pending_doc && !before.too_deep && !after.too_deep
    });
    joined.then_some(chunks)
}

/// Up to `parts - 1` cut positions, evenly spread: each is the start of a line that follows a blank
/// line and opens a model, view, enum or type block or a comment (usually the doc comment of a block):
/// there the top-level loop is between items.
fn chunk_starts(text: &str, parts: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let mut cuts = Vec::new();
    for k in 1..parts {
        let mut at = text.len() * k / parts;
        let prev = cuts.last().copied().unwrap_or(0);
        if at <= prev {
            continue;
        }
        // The next "\n\n<keyword> " after `at`.
        let found = loop {
            let Some(off) = text.get(at..).and_then(|rest| rest.find("\n\n")) else { break None };
            let start = at + off + 2;
            let rest = &b[start..];
            if [&b"model "[..], b"view ", b"enum ", b"type ", b"//"].iter().any(|kw| rest.starts_with(kw)) {
                break Some(start);
            }
            at = start - 1;
        };
        match found {
            Some(cut) if cut < text.len() => cuts.push(cut),
            _ => break,
        }
    }
    cuts
}

/// The top-level loop over `text[start..]`, stopping at the first item that starts at or after `stop`.
fn read_tops(text: &str, file: FileId, start: usize, stop: usize) -> Chunk {
    let mut r = Reader {
        s: text,
        b: text.as_bytes(),
        file,
        depth: 0,
        too_deep: false,
        fields: Vec::new(),
        field_docs: Vec::new(),
        attributes: Vec::new(),
        block_attributes: Vec::new(),
        arguments: Vec::new(),
        pool_arguments: false,
        expressions: Vec::new(),
        names: NameCache::default(),
    };
    let mut tops = Vec::new();
    let mut diagnostics = Diagnostics::new();
    let mut pos = r.skip(start);
    let mut pending_doc: Option<Option<String>> = None;
    loop {
        let start = pos;
        if pos >= stop || pos >= r.b.len() {
            break;
        }
        if let Some((end, top, diags)) = r.block(pos) {
            let doc = pending_doc.take().flatten();
            diagnostics_extend(&mut diagnostics, diags);
            tops.push(with_doc(top, doc));
            pos = end;
        } else if let Some(end) = r.type_alias(pos) {
            pending_doc = None;
            diagnostics.push_error(Diagnostic::validation(
                codes::LEGACY_SYNTAX,
                "Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types",
                r.span(pos, end),
            ));
            pos = end;
        } else if let Some(end) = r.keywordless_block(pos) {
            pending_doc = None;
            diagnostics.push_error(Diagnostic::validation(
                codes::INVALID_BLOCK,
                "This block is invalid. It does not start with any known Prisma schema keyword. Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'.",
                r.span(pos, end),
            ));
            pos = end;
        } else if let Some((end, doc)) = r.comments(pos) {
            // Documents the next item only if that item is a block: every other item clears it.
            pending_doc = Some(doc);
            pos = end;
        } else if let Some(end) = r.blank_lines(pos) {
            pending_doc = None;
            pos = end;
        } else if let Some(end) = r.stray_line(pos) {
            pending_doc = None;
            diagnostics.push_error(Diagnostic::validation(
                codes::INVALID_LINE,
                "This line is invalid. It does not start with any known Prisma schema keyword.",
                r.span(pos, end),
            ));
            pos = end;
        } else {
            break;
        }
        if r.too_deep {
            diagnostics.push_error(Diagnostic::error(
                codes::SYNTAX,
                format!("Unexpected token. The schema nests arrays or arguments deeper than {MAX_DEPTH} levels."),
                r.span(start, start),
            ));
            return Chunk { tops: Vec::new(), diagnostics, end: pos, no_pending_doc: false, too_deep: true };
        }
        pos = r.skip(pos);
    }
    Chunk { tops, diagnostics, end: pos, no_pending_doc: pending_doc.is_none(), too_deep: false }
}

fn diagnostics_extend(diagnostics: &mut Diagnostics, diags: Vec<Diagnostic>) {
    for d in diags {
        diagnostics.push(d);
    }
}

fn with_doc(mut top: Top, doc: Option<String>) -> Top {
    match &mut top {
        Top::Model(m) => m.documentation = doc.map(Name::from),
        Top::Enum(e) => e.documentation = doc,
        Top::CompositeType(c) => c.documentation = doc.map(Name::from),
        Top::Datasource(c) | Top::Generator(c) => c.documentation = doc,
    }
    top
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Model,
    View,
    Type,
    Enum,
    Datasource,
    Generator,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Model => "model",
            Kind::View => "view",
            Kind::Type => "composite type",
            Kind::Enum => "enum",
            Kind::Datasource => "datasource",
            Kind::Generator => "generator",
        }
    }
}

/// A field line as read, before it is known whether the block it belongs to closes.
enum FieldLine {
    /// An enum value (read as a field without a type), with its trailing `///` comment.
    Field(Field, Option<Name>),
    /// A field, already pushed on `Reader::fields` (not moved through the return value: a field is
    /// large and there are many), its trailing `///` comment on `Reader::field_docs`.
    Pushed,
    /// A legacy form: reported unless the line is in a config block (then it is a bad member).
    Legacy(Diagnostic),
    /// Missing name or type: the line's span.
    Invalid(Span),
    /// A line in an enum with a type.
    NotEnumValue(Span),
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    file: FileId,
    depth: u32,
    too_deep: bool,
    // Scratch stacks: lists are built on these and moved out with one exact-size allocation
    // (`take`), instead of growing a fresh vector per list. Nested lists use the part above their
    // mark; a rule that fails truncates back to its mark.
    //
    // The attributes of fields and the arguments of attributes are not moved out one list at a
    // time: they stay on their stack as pending ranges until their block closes, and then the
    // block's part of each stack becomes one pool that the ranges share ([`Pooled`]). A stack's
    // part may hold nodes nobody points at (a line that turned out invalid): they are dropped
    // with the pool.
    fields: Vec<Field>,
    /// The documentation of fields: (index in `fields`, text), in field order.
    field_docs: Vec<(u32, Name)>,
    /// Field attributes (pooled).
    attributes: Vec<Attribute>,
    /// Block attributes (`@@...`), moved out as one list per block.
    block_attributes: Vec<Attribute>,
    /// Arguments: an attribute's are pooled, those of a call in an expression moved out.
    arguments: Vec<Argument>,
    /// Set while an attribute's own argument list is read (not the lists nested in it).
    pool_arguments: bool,
    expressions: Vec<Expression>,
    /// One shared string per distinct name of this part of the file.
    names: NameCache,
}

/// Moves `stack[mark..]` into a vector of exactly that size, in one block copy (`drain().collect()`
/// moves element by element, one `memcpy` call per AST node).
fn take<T>(stack: &mut Vec<T>, mark: usize) -> List<T> {
    let exact = if mark == 0 {
        // `split_off(0)` would hand over the whole scratch buffer, capacity included.
        let mut out = Vec::with_capacity(stack.len());
        out.append(stack);
        out
    } else {
        stack.split_off(mark)
    };
    // Capacity equals length: no reallocation.
    exact.into_boxed_slice()
}

impl<'a> Reader<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn text(&self, start: usize, end: usize) -> &'a str {
        &self.s[start..end]
    }

    /// `text(start, end)` as a shared [`Name`].
    fn name(&mut self, start: usize, end: usize) -> Name {
        self.names.get(&self.s[start..end])
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.s.get(pos..).and_then(|t| t.chars().next())
    }

    fn lit(&self, pos: usize, lit: &str) -> Option<usize> {
        if self.b.len() >= pos + lit.len() && &self.b[pos..pos + lit.len()] == lit.as_bytes() {
            Some(pos + lit.len())
        } else {
            None
        }
    }

    fn byte(&self, pos: usize, c: u8) -> Option<usize> {
        (self.b.get(pos) == Some(&c)).then_some(pos + 1)
    }

    /// `WHITESPACE`: space, tab, or any other Unicode space separator.
    fn whitespace(&self, pos: usize) -> Option<usize> {
        match self.b.get(pos)? {
            b' ' | b'\t' => Some(pos + 1),
            b if *b < 0x80 => None,
            _ => {
                let c = self.char_at(pos)?;
                is_space_separator(c).then(|| pos + c.len_utf8())
            }
        }
    }

    /// Implicit whitespace between the elements of a non-atomic rule.
    #[inline]
    fn skip(&self, mut pos: usize) -> usize {
        loop {
            match self.b.get(pos) {
                Some(b' ' | b'\t') => pos += 1,
                Some(&b) if b >= 0x80 => match self.whitespace(pos) {
                    Some(p) => pos = p,
                    None => return pos,
                },
                _ => return pos,
            }
        }
    }

    fn line_break(&self, pos: usize) -> Option<usize> {
        match self.b.get(pos)? {
            b'\r' => Some(if self.b.get(pos + 1) == Some(&b'\n') { pos + 2 } else { pos + 1 }),
            b'\n' => Some(pos + 1),
            _ => None,
        }
    }

    /// Position of the next line break (or the end of the text) from `pos`.
    fn line_end(&self, pos: usize) -> usize {
        let mut p = pos;
        while p < self.b.len() && self.b[p] != b'\n' && self.b[p] != b'\r' {
            p += 1;
        }
        p
    }

    #[inline]
    fn ident(&self, pos: usize) -> Option<usize> {
        let b = self.b;
        let first = *b.get(pos)?;
        let mut p = match BYTE_CLASS[first as usize] {
            ALNUM => pos + 1,
            NON_ASCII => {
                let c = self.char_at(pos)?;
                if !c.is_alphabetic() {
                    return None;
                }
                pos + c.len_utf8()
            }
            _ => return None,
        };
        while p < b.len() {
            match BYTE_CLASS[b[p] as usize] {
                ALNUM | IDENT_PUNCT => p += 1,
                NON_ASCII => match self.char_at(p) {
                    Some(c) if c.is_alphabetic() => p += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        Some(p)
    }

    fn ident_node(&mut self, pos: usize) -> Option<(usize, Ident)> {
        let end = self.ident(pos)?;
        Some((end, Ident { name: self.name(pos, end), span: self.span(pos, end) }))
    }

    /// `attr_path = @{ ident ~ ("." ~ attr_path?)* }`.
    fn attr_path(&self, pos: usize) -> Option<usize> {
        let mut p = self.ident(pos)?;
        while let Some(after_dot) = self.byte(p, b'.') {
            p = self.ident(after_dot).unwrap_or(after_dot);
        }
        Some(p)
    }

    fn keyword(&self, pos: usize) -> Option<(usize, Kind)> {
        for (kw, kind) in [
            ("model", Kind::Model),
            ("view", Kind::View),
            ("type", Kind::Type),
            ("enum", Kind::Enum),
            ("datasource", Kind::Datasource),
            ("generator", Kind::Generator),
        ] {
            if let Some(end) = self.lit(pos, kw) {
                return Some((end, kind));
            }
        }
        None
    }

    /// `block_open = { "{" ~ (!line_break ~ ANY)* ~ line_break }`.
    fn block_open(&self, pos: usize) -> Option<usize> {
        let p = self.byte(pos, b'{')?;
        self.line_break(self.line_end(p))
    }

    /// `block = { block_keyword ~ ident ~ block_open ~ block_body ~ block_close }`; returns the
    /// diagnostics of its members, to be kept only if the block as a whole matched.
    fn block(&mut self, pos: usize) -> Option<(usize, Top, Vec<Diagnostic>)> {
        let (p, kind) = self.keyword(pos)?;
        let p = self.skip(p);
        let (p, name) = self.ident_node(p)?;
        let p = self.skip(p);
        let p = self.block_open(p)?;
        let p = self.skip(p);
        let mut diags = Vec::new();
        let mut members = Members::default();
        let (field_mark, field_doc_mark) = (self.fields.len(), self.field_docs.len());
        let (attribute_mark, block_attribute_mark) = (self.attributes.len(), self.block_attributes.len());
        let argument_mark = self.arguments.len();
        let p = self.block_body(p, kind, &name.name, &mut members, &mut diags);
        let p = self.skip(p);
        let Some(end) = self.byte(p, b'}') else {
            self.fields.truncate(field_mark);
            self.field_docs.truncate(field_doc_mark);
            self.attributes.truncate(attribute_mark);
            self.block_attributes.truncate(block_attribute_mark);
            self.arguments.truncate(argument_mark);
            return None;
        };
        let span = self.span(pos, end);
        // The block's pools: arguments first (attributes hold ranges of them), then attributes.
        let arguments = Pooled::pool(self.arguments.drain(argument_mark..));
        for a in self.attributes[attribute_mark..].iter_mut().chain(&mut self.block_attributes[block_attribute_mark..])
        {
            a.arguments.arguments.attach(&arguments, argument_mark);
        }
        let attributes = Pooled::pool(self.attributes.drain(attribute_mark..));
        for f in &mut self.fields[field_mark..] {
            f.attributes.attach(&attributes, attribute_mark);
        }
        for v in &mut members.values {
            v.attributes.attach(&attributes, attribute_mark);
        }
        members.fields = take(&mut self.fields, field_mark);
        members.field_docs =
            self.field_docs.drain(field_doc_mark..).map(|(i, doc)| (i - field_mark as u32, doc)).collect();
        members.attributes = take(&mut self.block_attributes, block_attribute_mark);
        members.values.shrink_to_fit();
        members.properties.shrink_to_fit();
        let top = match kind {
            Kind::Model | Kind::View => Top::Model(Model {
                name,
                fields: members.fields,
                attributes: members.attributes,
                documentation: None,
                field_docs: members.field_docs,
                is_view: kind == Kind::View,
                span,
            }),
            Kind::Type => Top::CompositeType(CompositeType {
                name,
                fields: members.fields,
                attributes: members.attributes,
                documentation: None,
                field_docs: members.field_docs,
                span,
            }),
            Kind::Enum => Top::Enum(Enum {
                name,
                values: members.values.into(),
                attributes: members.attributes,
                documentation: None,
                span,
            }),
            Kind::Datasource => {
                Top::Datasource(ConfigBlock { name, properties: members.properties.into(), documentation: None, span })
            }
            Kind::Generator => {
                Top::Generator(ConfigBlock { name, properties: members.properties.into(), documentation: None, span })
            }
        };
        Some((end, top, diags))
    }

    /// `block_body = { block_member* }` with
    /// `block_member = _{ field | (block_attribute ~ line_break) | property | comments | blank_lines | bad_member }`.
    fn block_body(
        &mut self,
        pos: usize,
        kind: Kind,
        block_name: &str,
        members: &mut Members,
        diags: &mut Vec<Diagnostic>,
    ) -> usize {
        let is_config = matches!(kind, Kind::Datasource | Kind::Generator);
        let mut pos = pos;
        let mut pending_doc: Option<String> = None;
        let mut first = true;
        loop {
            // `member*` = `(member ~ (skip ~ member)*)?`: whitespace is skipped between members only.
            let at = if first { pos } else { self.skip(pos) };
            let Some(end) = self.block_member(at, kind, block_name, is_config, members, diags, &mut pending_doc) else {
                return pos;
            };
            first = false;
            pos = end;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn block_member(
        &mut self,
        pos: usize,
        kind: Kind,
        block_name: &str,
        is_config: bool,
        members: &mut Members,
        diags: &mut Vec<Diagnostic>,
        pending_doc: &mut Option<String>,
    ) -> Option<usize> {
        if pos >= self.b.len() {
            return None;
        }
        if let Some((end, line)) = self.field(pos, kind) {
            if is_config {
                if matches!(line, FieldLine::Pushed) {
                    self.fields.pop();
                    if self.field_docs.last().is_some_and(|(i, _)| *i as usize == self.fields.len()) {
                        self.field_docs.pop();
                    }
                }
                self.report_bad_member(pos, end, kind, diags);
                return Some(end);
            }
            let doc = pending_doc.take();
            match line {
                FieldLine::Pushed => {
                    if doc.is_some() {
                        // Before the field's trailing comment, if it has one.
                        let index = (self.fields.len() - 1) as u32;
                        match self.field_docs.last_mut() {
                            Some((i, trailing)) if *i == index => {
                                *trailing = join_docs(doc, Some(trailing.clone())).unwrap_or_default();
                            }
                            _ => self.field_docs.extend(join_docs(doc, None).map(|d| (index, d))),
                        }
                    }
                }
                FieldLine::Field(f, trailing) => {
                    // Only enum values are returned this way.
                    let span = f.span();
                    members.values.push(EnumValue {
                        name: f.name,
                        attributes: f.attributes,
                        documentation: join_docs(doc, trailing).map(String::from),
                        span,
                    });
                }
                FieldLine::Legacy(d) => diags.push(d),
                FieldLine::Invalid(span) => {
                    if kind == Kind::Enum {
                        // A bare name is an enum value; only reached with a missing name.
                        diags.push(Diagnostic::validation(
                            codes::INVALID_MEMBER,
                            "This line is not an enum value definition.",
                            span,
                        ));
                    } else {
                        diags.push(Diagnostic::in_block(
                            codes::INVALID_FIELD,
                            kind.noun(),
                            block_name,
                            "This field declaration is invalid. It is either missing a name or a type.",
                            span,
                        ));
                    }
                }
                FieldLine::NotEnumValue(span) => diags.push(Diagnostic::validation(
                    codes::INVALID_MEMBER,
                    "This line is not an enum value definition.",
                    span,
                )),
            }
            return Some(end);
        }
        if let Some((p, attr)) = self.block_attribute(pos) {
            let p2 = self.skip(p);
            if let Some(end) = self.line_break(p2) {
                if is_config {
                    self.report_bad_member(pos, p, kind, diags);
                } else {
                    self.block_attributes.push(attr);
                }
                return Some(end);
            }
        }
        if let Some((end, prop)) = self.property(pos) {
            if is_config {
                *pending_doc = None;
                members.properties.push(prop);
            } else {
                self.report_bad_member(pos, end, kind, diags);
            }
            return Some(end);
        }
        if let Some((end, doc)) = self.comments(pos) {
            *pending_doc = doc;
            return Some(end);
        }
        if let Some(end) = self.blank_lines(pos) {
            return Some(end);
        }
        // bad_member = { !block_close ~ stray_line }
        if self.b.get(pos) == Some(&b'}') {
            return None;
        }
        let end = self.stray_line(pos)?;
        self.report_bad_member(pos, end, kind, diags);
        Some(end)
    }

    fn report_bad_member(&self, pos: usize, end: usize, kind: Kind, diags: &mut Vec<Diagnostic>) {
        let message = match kind {
            Kind::Model | Kind::View | Kind::Type => {
                "This line is not a valid field or attribute definition.".to_string()
            }
            Kind::Enum => "This line is not an enum value definition.".to_string(),
            Kind::Datasource | Kind::Generator => {
                format!("This line is not a valid definition within a {}.", kind.noun())
            }
        };
        // Prisma points at the whole line, line break included.
        let line_end = self.line_end(end.max(pos));
        let end = if end > pos && matches!(self.b.get(end - 1), Some(b'\n') | Some(b'\r')) {
            end
        } else {
            self.line_break(line_end).unwrap_or(line_end)
        };
        diags.push(Diagnostic::validation(codes::INVALID_MEMBER, message, self.span(pos, end)));
    }

    /// `field = { ident ~ legacy_colon? ~ field_type? ~ field_attribute* ~ trailing_comment? ~ line_break }`.
    fn field(&mut self, pos: usize, kind: Kind) -> Option<(usize, FieldLine)> {
        let (p, name) = self.ident_node(pos)?;
        let p = self.skip(p);
        let colon = self.byte(p, b':');
        let p = colon.unwrap_or(p);
        let colon_span = colon.map(|c| self.span(c - 1, c));
        let p = self.skip(p);
        let mut ty = None;
        let p = match self.field_type(p) {
            Some((end, t)) => {
                ty = Some(t);
                end
            }
            None => p,
        };
        let p = self.skip(p);
        let (attribute_mark, argument_mark) = (self.attributes.len(), self.arguments.len());
        let mut p = p;
        if let Some((end, a)) = self.field_attribute(p) {
            self.attributes.push(a);
            p = end;
            loop {
                let q = self.skip(p);
                match self.field_attribute(q) {
                    Some((end, a)) => {
                        self.attributes.push(a);
                        p = end;
                    }
                    None => break,
                }
            }
        }
        let p = self.skip(p);
        let (p, trailing_doc) = match self.trailing_comment(p) {
            Some((end, doc)) => (end, doc),
            None => (p, None),
        };
        let p = self.skip(p);
        let Some(end) = self.line_break(p) else {
            self.attributes.truncate(attribute_mark);
            self.arguments.truncate(argument_mark);
            return None;
        };
        let span = self.span(pos, end);
        // Pooled when the block closes (see `Reader::attributes`).
        let attributes = Pooled::pending(attribute_mark, self.attributes.len() - attribute_mark);

        // The line matched the rule: now judge what it says (as the pest path's `parse_field` does).
        if kind == Kind::Enum {
            if colon_span.is_some() || ty.is_some() {
                return Some((end, FieldLine::NotEnumValue(span)));
            }
            return Some((
                end,
                FieldLine::Field(
                    Field::new(
                        name,
                        FieldType::Named(Ident { name: Name::default(), span }),
                        FieldArity::Required,
                        attributes,
                        span,
                    ),
                    trailing_doc.map(Name::from),
                ),
            ));
        }
        if let Some(cs) = colon_span {
            let d = Diagnostic::error(codes::LEGACY_SYNTAX, "Field declarations don't require a `:`.", cs);
            return Some((end, FieldLine::Legacy(d)));
        }
        let Some(ty) = ty else {
            return Some((end, FieldLine::Invalid(span)));
        };
        match ty {
            ParsedType::Ok(field_type, arity) => {
                self.fields.push(Field::new(name, field_type, arity, attributes, span));
                if let Some(doc) = trailing_doc {
                    self.field_docs.push(((self.fields.len() - 1) as u32, Name::from(doc)));
                }
                Some((end, FieldLine::Pushed))
            }
            ParsedType::Legacy(message, s) => {
                Some((end, FieldLine::Legacy(Diagnostic::error(codes::LEGACY_SYNTAX, message, s))))
            }
        }
    }

    /// `field_type = { legacy_list_type | base_type ~ type_suffix? }`.
    fn field_type(&mut self, pos: usize) -> Option<(usize, ParsedType)> {
        // legacy_list_type = { "[" ~ base_type ~ "]" }
        if let Some(p) = self.byte(pos, b'[') {
            let p = self.skip(p);
            if let Some((p, _)) = self.base_type(p) {
                let p = self.skip(p);
                if let Some(end) = self.byte(p, b']') {
                    return Some((
                        end,
                        ParsedType::Legacy(
                            "To specify a list, please use `Type[]` instead of `[Type]`.",
                            self.span(pos, end),
                        ),
                    ));
                }
            }
        }
        let (base_end, base) = self.base_type(pos)?;
        let p = self.skip(base_end);
        // optional_list_suffix = { "[]" ~ "?" }
        if let Some(q) = self.lit(p, "[]") {
            let q2 = self.skip(q);
            if let Some(end) = self.byte(q2, b'?') {
                return Some((
                    end,
                    ParsedType::Legacy(
                        "Optional lists are not supported. Use either `Type[]` or `Type?`.",
                        self.span(pos, end),
                    ),
                ));
            }
            return Some((q, ParsedType::Ok(base, FieldArity::List)));
        }
        if let Some(end) = self.byte(p, b'?') {
            return Some((end, ParsedType::Ok(base, FieldArity::Optional)));
        }
        if let Some(end) = self.byte(p, b'!') {
            return Some((
                end,
                ParsedType::Legacy("Fields are required by default, `!` is no longer required.", self.span(pos, end)),
            ));
        }
        // No suffix: the rule still ends after the whitespace it skipped.
        Some((p, ParsedType::Ok(base, FieldArity::Required)))
    }

    /// `base_type = { unsupported_type | ident }`.
    fn base_type(&mut self, pos: usize) -> Option<(usize, FieldType)> {
        if let Some(p) = self.lit(pos, "Unsupported(") {
            let p = self.skip(p);
            if let Some((p, s)) = self.string(p) {
                let p = self.skip(p);
                if let Some(end) = self.byte(p, b')') {
                    return Some((end, FieldType::Unsupported(Box::new((s.into_owned(), self.span(pos, end))))));
                }
            }
        }
        let (end, ident) = self.ident_node(pos)?;
        Some((end, FieldType::Named(ident)))
    }

    /// `field_attribute = { "@" ~ attr_path ~ arguments? }`.
    fn field_attribute(&mut self, pos: usize) -> Option<(usize, Attribute)> {
        let p = self.byte(pos, b'@')?;
        let p = self.skip(p);
        let path_end = self.attr_path(p)?;
        let name = Ident { name: self.name(p, path_end), span: self.span(p, path_end) };
        let q = self.skip(path_end);
        let (end, arguments) = match self.attribute_arguments(q) {
            Some((end, args)) => (end, args),
            None => (q, ArgumentsList::default()),
        };
        Some((end, Attribute { name, arguments, span: self.span(pos, end) }))
    }

    /// `block_attribute = { "@@" ~ attr_path ~ arguments? ~ trailing_comment? }`.
    fn block_attribute(&mut self, pos: usize) -> Option<(usize, Attribute)> {
        let p = self.lit(pos, "@@")?;
        let p = self.skip(p);
        let path_end = self.attr_path(p)?;
        let name = Ident { name: self.name(p, path_end), span: self.span(p, path_end) };
        let q = self.skip(path_end);
        let (q, arguments) = match self.attribute_arguments(q) {
            Some((end, args)) => (end, args),
            None => (q, ArgumentsList::default()),
        };
        let r = self.skip(q);
        match self.trailing_comment(r) {
            // The comment is not part of the attribute's span.
            // The pest pair of the comment starts where the implicit whitespace skip stopped.
            Some((end, _)) => Some((end, Attribute { name, arguments, span: self.span(pos, r) })),
            None => Some((r, Attribute { name, arguments, span: self.span(pos, r) })),
        }
    }

    /// The arguments of an attribute: a pending range of the block's pool.
    fn attribute_arguments(&mut self, pos: usize) -> Option<(usize, ArgumentsList)> {
        self.pool_arguments = true;
        let result = self.arguments(pos);
        self.pool_arguments = false;
        result
    }

    /// `arguments = { "(" ~ (argument ~ ("," ~ argument)*)? ~ trailing_comma? ~ ")" }`.
    fn arguments(&mut self, pos: usize) -> Option<(usize, ArgumentsList)> {
        let open = self.byte(pos, b'(')?;
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return None;
        }
        self.depth += 1;
        let mark = self.arguments.len();
        let result = self.arguments_inner(open, mark);
        if result.is_none() {
            self.arguments.truncate(mark);
        }
        self.depth -= 1;
        result
    }

    fn arguments_inner(&mut self, open: usize, mark: usize) -> Option<(usize, ArgumentsList)> {
        // Only this list is pooled, not those nested in it.
        let pooled = std::mem::take(&mut self.pool_arguments);
        let mut list = ArgumentsList::default();
        let mut p = self.skip(open);
        if let Some(end) = self.argument(p, &mut list) {
            p = end;
            loop {
                let q = self.skip(p);
                let Some(comma) = self.byte(q, b',') else { break };
                let r = self.skip(comma);
                match self.argument(r, &mut list) {
                    Some(end) => p = end,
                    None => break,
                }
            }
        }
        let p = self.skip(p);
        let p = match self.byte(p, b',') {
            Some(end) => {
                list.unusual_mut().trailing_comma = Some(self.span(p, end));
                end
            }
            None => p,
        };
        let p = self.skip(p);
        let end = self.byte(p, b')')?;
        list.arguments = if pooled {
            Pooled::pending(mark, self.arguments.len() - mark)
        } else {
            take(&mut self.arguments, mark).into_vec().into()
        };
        Some((end, list))
    }

    /// `argument = _{ named_argument | empty_argument | expression }`.
    fn argument(&mut self, pos: usize, list: &mut ArgumentsList) -> Option<usize> {
        if let Some((p, name)) = self.ident_node(pos) {
            let p = self.skip(p);
            if let Some(colon) = self.byte(p, b':') {
                let q = self.skip(colon);
                if let Some((end, value)) = self.expression(q) {
                    self.arguments.push(Argument { name: Some(name), value });
                    return Some(end);
                }
                if self.too_deep {
                    return None;
                }
                list.unusual_mut().empty_arguments.push(name);
                return Some(colon);
            }
        }
        let (end, value) = self.expression(pos)?;
        self.arguments.push(Argument { name: None, value });
        Some(end)
    }

    /// `expression = { function_call | array | number | string | constant }`.
    fn expression(&mut self, pos: usize) -> Option<(usize, Expression)> {
        let path = self.attr_path(pos);
        if let Some(path_end) = path {
            let q = self.skip(path_end);
            if let Some((end, args)) = self.arguments(q) {
                let name: Name = self.name(pos, path_end);
                return Some((end, Expression::Function(name, Box::new(args), self.span(pos, end))));
            }
            if self.too_deep {
                return None;
            }
            // A path starts with a letter or digit: neither an array nor a string, and a constant
            // unless it reads as a number (the grammar tries `number` first).
            if let Some(end) = self.number(pos) {
                return Some((end, Expression::Numeric(self.name(pos, end), self.span(pos, end))));
            }
            return Some((path_end, Expression::Constant(self.name(pos, path_end), self.span(pos, path_end))));
        }
        if self.byte(pos, b'[').is_some() {
            if let Some(r) = self.array(pos) {
                return Some(r);
            }
            if self.too_deep {
                return None;
            }
        }
        if let Some(end) = self.number(pos) {
            return Some((end, Expression::Numeric(self.name(pos, end), self.span(pos, end))));
        }
        if let Some((end, s)) = self.string(pos) {
            return Some((end, Expression::String(self.names.get(&s), self.span(pos, end))));
        }
        let end = self.attr_path(pos)?;
        Some((end, Expression::Constant(self.name(pos, end), self.span(pos, end))))
    }

    /// `array = { "[" ~ (expression ~ ("," ~ expression)*)? ~ "]" }`.
    fn array(&mut self, pos: usize) -> Option<(usize, Expression)> {
        let open = self.byte(pos, b'[')?;
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return None;
        }
        self.depth += 1;
        let mark = self.expressions.len();
        let mut p = self.skip(open);
        if let Some((end, e)) = self.expression(p) {
            self.expressions.push(e);
            p = end;
            loop {
                let q = self.skip(p);
                let Some(comma) = self.byte(q, b',') else { break };
                let r = self.skip(comma);
                match self.expression(r) {
                    Some((end, e)) => {
                        self.expressions.push(e);
                        p = end;
                    }
                    None => break,
                }
            }
        }
        let p = self.skip(p);
        self.depth -= 1;
        match self.byte(p, b']') {
            Some(end) => {
                let items = take(&mut self.expressions, mark);
                Some((end, Expression::Array(items, self.span(pos, end))))
            }
            None => {
                self.expressions.truncate(mark);
                None
            }
        }
    }

    /// `number = @{ "-"? ~ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? }`.
    fn number(&self, pos: usize) -> Option<usize> {
        let mut p = self.byte(pos, b'-').unwrap_or(pos);
        let digits = |mut p: usize| {
            let s = p;
            while self.b.get(p).is_some_and(u8::is_ascii_digit) {
                p += 1;
            }
            (p > s).then_some(p)
        };
        p = digits(p)?;
        if let Some(dot) = self.byte(p, b'.') {
            if let Some(end) = digits(dot) {
                p = end;
            }
        }
        Some(p)
    }

    /// `string = ${ "\"" ~ string_content ~ "\"" }`; returns the unescaped value.
    fn string(&self, pos: usize) -> Option<(usize, std::borrow::Cow<'a, str>)> {
        let start = self.byte(pos, b'"')?;
        let mut p = start;
        let mut escaped = false;
        loop {
            match *self.b.get(p)? {
                b'"' => break,
                b'\\' => {
                    let c = self.char_at(p + 1)?;
                    p += 1 + c.len_utf8();
                    escaped = true;
                }
                c if c < 0x20 => return None,
                c if c < 0x80 => p += 1,
                _ => p += self.char_at(p)?.len_utf8(),
            }
        }
        let raw = self.text(start, p);
        // Without a backslash the value is the text itself: no copy to unescape.
        Some((p + 1, if escaped { super::escapes::unescape(raw).into() } else { raw.into() }))
    }

    /// `property = { ident ~ "=" ~ expression? ~ trailing_comment? ~ line_break }`.
    fn property(&mut self, pos: usize) -> Option<(usize, ConfigProperty)> {
        let (p, name) = self.ident_node(pos)?;
        let p = self.skip(p);
        let p = self.byte(p, b'=')?;
        let p = self.skip(p);
        let (p, value) = match self.expression(p) {
            Some((end, v)) => (end, Some(v)),
            None => (p, None),
        };
        if self.too_deep {
            return None;
        }
        let p = self.skip(p);
        let p = self.trailing_comment(p).map(|(e, _)| e).unwrap_or(p);
        let p = self.skip(p);
        let end = self.line_break(p)?;
        Some((end, ConfigProperty { name, value, span: self.span(pos, end) }))
    }

    /// One of `doc_comment | comment | block_comment`; returns the documentation text of a `///` or
    /// `/* */` comment.
    fn one_comment(&self, pos: usize) -> Option<(usize, Option<String>)> {
        // Every comment starts with `/`, after optional whitespace: most calls end here.
        match *self.b.get(pos)? {
            b'/' | b' ' | b'\t' => {}
            b if b >= 0x80 => {}
            _ => return None,
        }
        let mut p = pos;
        while let Some(q) = self.whitespace(p) {
            p = q;
        }
        if let Some(q) = self.lit(p, "///") {
            let end = self.line_end(q);
            return Some((end, Some(self.text(q, end).trim_start().to_string())));
        }
        if let Some(q) = self.lit(p, "//") {
            return Some((self.line_end(q), None));
        }
        if let Some(q) = self.lit(p, "/*") {
            let rest = self.s.get(q..)?;
            let close = rest.find("*/")?;
            let doc = rest[..close].trim().to_string();
            let mut end = q + close + 2;
            while self.line_break(end).is_none() {
                match self.whitespace(end) {
                    Some(e) => end = e,
                    None => break,
                }
            }
            return Some((end, Some(doc)));
        }
        None
    }

    fn trailing_comment(&self, pos: usize) -> Option<(usize, Option<String>)> {
        self.one_comment(pos)
    }

    /// `comments = ${ ((doc_comment | comment | block_comment) ~ line_break?)+ }`; returns the
    /// joined `///` lines.
    fn comments(&self, pos: usize) -> Option<(usize, Option<String>)> {
        let mut docs: Vec<String> = Vec::new();
        let (mut p, doc) = self.one_comment(pos)?;
        docs.extend(doc);
        p = self.line_break(p).unwrap_or(p);
        while let Some((q, doc)) = self.one_comment(p) {
            docs.extend(doc);
            p = self.line_break(q).unwrap_or(q);
        }
        Some((p, if docs.is_empty() { None } else { Some(docs.join("\n")) }))
    }

    /// `blank_lines = @{ (WHITESPACE* ~ line_break)+ }`.
    fn blank_lines(&self, pos: usize) -> Option<usize> {
        let line = |p: usize| {
            let mut q = p;
            while let Some(r) = self.whitespace(q) {
                q = r;
            }
            self.line_break(q)
        };
        let mut p = line(pos)?;
        while let Some(q) = line(p) {
            p = q;
        }
        Some(p)
    }

    /// `stray_line = { (!line_break ~ ANY)+ ~ line_break? }`.
    fn stray_line(&self, pos: usize) -> Option<usize> {
        let end = self.line_end(pos);
        if end == pos {
            return None;
        }
        Some(self.line_break(end).unwrap_or(end))
    }

    /// `type_alias = { kw_type ~ ident ~ "=" ~ base_type ~ field_attribute* }`.
    fn type_alias(&mut self, pos: usize) -> Option<usize> {
        let p = self.lit(pos, "type")?;
        let p = self.skip(p);
        let p = self.ident(p)?;
        let p = self.skip(p);
        let p = self.byte(p, b'=')?;
        let p = self.skip(p);
        let (p, _) = self.base_type(p)?;
        let mut p = self.skip(p);
        // The attributes are read to find the line's end, then dropped with their arguments (left
        // pending on the scratch stack by `attribute_arguments`).
        let argument_mark = self.arguments.len();
        if let Some((end, _)) = self.field_attribute(p) {
            p = end;
            loop {
                let q = self.skip(p);
                match self.field_attribute(q) {
                    Some((end, _)) => p = end,
                    None => break,
                }
            }
        }
        self.arguments.truncate(argument_mark);
        Some(p)
    }

    /// `keywordless_block = { ident ~ block_open ~ ((!block_close ~ ANY) | line_break)* ~ block_close }`.
    fn keywordless_block(&self, pos: usize) -> Option<usize> {
        let p = self.ident(pos)?;
        let p = self.skip(p);
        let p = self.block_open(p)?;
        let rest = self.s.get(p..)?;
        let close = rest.find('}')?;
        Some(p + close + 1)
    }
}

enum ParsedType {
    Ok(FieldType, FieldArity),
    Legacy(&'static str, Span),
}

#[derive(Default)]
struct Members {
    fields: List<Field>,
    field_docs: List<(u32, Name)>,
    values: Vec<EnumValue>,
    attributes: List<Attribute>,
    properties: Vec<ConfigProperty>,
}

fn join_docs(above: Option<String>, trailing: Option<Name>) -> Option<Name> {
    match (above, trailing) {
        (Some(a), Some(t)) => Some(format!("{a}\n{t}").into()),
        (a, None) => a.map(Name::from),
        (None, t) => t,
    }
}

/// Unicode general category Zs.
fn is_space_separator(c: char) -> bool {
    matches!(c, '\u{20}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}
