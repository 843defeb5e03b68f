//! Layout of one file, from the concrete syntax tree: every comment is kept, members are aligned in
//! tables, attributes are put in canonical order.
//!
//! schemagen's grammar accepts a little more than Prisma's (Unicode identifiers, a trailing comma in
//! arrays, any member kind in any block); what Prisma's grammar would not read as a member of that
//! block is printed as it was written, like Prisma prints its catch-all lines.

use super::render::{Renderer, Table};
use crate::parser::{parse_tree, Rule};
use pest::iterators::Pair;

type P<'a> = Pair<'a, Rule>;

const FIELD_NAME: usize = 0;
const FIELD_TYPE: usize = 1;
const FIELD_ATTRIBUTES: usize = 2;

/// Formats one file. `None` when the text does not parse at all.
pub(crate) fn reformat(text: &str) -> Option<String> {
    let mut renderer = Renderer::with_capacity(text.len() + text.len() / 4);
    let mut start = 0;
    // Each round formats the top-level items of `text[start..]`. A block Prisma would not read as a
    // block (a non-ASCII name) turns its first line into a catch-all line and the rest of the file is
    // read again from the next line, as Prisma's parser does.
    let mut first = true;
    loop {
        let rest = &text[start..];
        let root = parse_tree(rest).ok()?.next()?;
        match format_top(&mut renderer, root, first) {
            None => break,
            Some(restart) => {
                let line_end = line_end(rest, restart);
                renderer.write(&rest[restart..line_end]);
                start += line_end;
                first = false;
                if start >= text.len() {
                    break;
                }
            }
        }
    }
    if !renderer.out.ends_with('\n') {
        renderer.out.push('\n');
    }
    Some(renderer.out)
}

/// Whether Prisma's parser reports a syntax error in this file: a line it cannot read as a block, a
/// member or a comment, a type alias, or a block without a keyword.
pub(crate) fn prisma_rejects(text: &str) -> bool {
    let Some(root) = parse_tree(text).ok().and_then(|mut p| p.next()) else { return true };
    for item in root.into_inner() {
        match item.as_rule() {
            Rule::stray_line | Rule::keywordless_block | Rule::type_alias => return true,
            Rule::block => {
                if !block_is_prisma_block(&item) {
                    return true;
                }
                let mut kind = Kind::Model;
                for p in item.into_inner() {
                    match p.as_rule() {
                        Rule::block_keyword => kind = block_kind(p),
                        Rule::block_body => {
                            let input = p.get_input();
                            if p.into_inner().any(|m| matches!(classify(m, kind, input), Member::CatchAll(_))) {
                                return true;
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    false
}

fn block_kind(keyword: P<'_>) -> Kind {
    match keyword.into_inner().next().map(|k| k.as_rule()) {
        Some(Rule::kw_enum) => Kind::Enum,
        Some(Rule::kw_datasource | Rule::kw_generator) => Kind::Config,
        _ => Kind::Model,
    }
}

/// End of the line containing `from` (after its line break).
fn line_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return i + 1,
            b'\r' => return if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 },
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Formats top-level items. Returns the offset of an item that must be re-read as a catch-all line.
fn format_top(r: &mut Renderer, root: P<'_>, skip_leading_blank: bool) -> Option<usize> {
    let mut items = root.into_inner().peekable();
    if skip_leading_blank && items.peek().map(|p| p.as_rule()) == Some(Rule::blank_lines) {
        items.next();
    }
    while let Some(item) = items.next() {
        match item.as_rule() {
            Rule::block => {
                if !block_is_prisma_block(&item) {
                    return Some(item.as_span().start());
                }
                format_block(r, item);
            }
            Rule::keywordless_block => {
                let name_ok = item.clone().into_inner().next().is_some_and(|i| prisma_ident(i.as_str()));
                if !name_ok {
                    return Some(item.as_span().start());
                }
                r.write(item.as_str());
            }
            Rule::type_alias => {
                if !prisma_readable(&item) {
                    return Some(item.as_span().start());
                }
                r.write(item.as_str());
            }
            Rule::stray_line => r.write(item.as_str()),
            Rule::comments => {
                let mut table = Table::default();
                comment_rows(item, &mut table);
                table.render(r);
            }
            Rule::blank_lines => match items.peek().map(|p| p.as_rule()) {
                None | Some(Rule::EOI) => {}
                _ => r.end_line(),
            },
            _ => {}
        }
    }
    None
}

fn block_is_prisma_block(block: &P<'_>) -> bool {
    block.clone().into_inner().find(|p| p.as_rule() == Rule::ident).is_some_and(|i| prisma_ident(i.as_str()))
}

/// Prisma's identifiers: letters (any script) and ASCII digits, then also `_` and `-`; schemagen's
/// grammar also accepts digits of other scripts.
fn prisma_ident(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || c.is_alphabetic() || c == '_' || c == '-' || c == '.')
}

/// Whether Prisma's grammar reads this item as schemagen's does: identifiers as [`prisma_ident`] and
/// arrays without a trailing comma.
fn prisma_readable(pair: &P<'_>) -> bool {
    pair.clone().into_inner().flatten().all(|p| match p.as_rule() {
        Rule::ident | Rule::attr_path => prisma_ident(p.as_str()),
        Rule::array => {
            let s = p.as_str();
            let inner = s.strip_suffix(']').unwrap_or(s);
            !inner.trim_end().ends_with(',')
        }
        _ => true,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Model,
    Enum,
    Config,
}

enum Member<'a> {
    Blank,
    Comments(P<'a>),
    Field(P<'a>),
    EnumValue(P<'a>),
    KeyValue(P<'a>),
    Attribute(P<'a>),
    CatchAll(&'a str),
}

fn format_block(r: &mut Renderer, block: P<'_>) {
    let mut keyword = "";
    let mut kind = Kind::Model;
    let mut body = None;
    let mut name = "";
    for p in block.into_inner() {
        match p.as_rule() {
            Rule::block_keyword => {
                keyword = p.as_str();
                kind = block_kind(p);
            }
            Rule::ident => name = p.as_str(),
            Rule::block_body => body = Some(p),
            _ => {}
        }
    }
    r.write(keyword);
    r.write(" ");
    r.write(name);
    r.write(" {");
    r.end_line();
    r.indent_up();
    let members: Vec<Member<'_>> = match body {
        Some(body) => {
            let text = body.get_input();
            body.into_inner().map(|m| classify(m, kind, text)).collect()
        }
        None => Vec::new(),
    };
    format_members(r, members);
    r.indent_down();
    r.write("}");
    r.end_line();
}

/// What Prisma's grammar makes of a member of a block of this kind.
fn classify<'a>(m: P<'a>, kind: Kind, input: &'a str) -> Member<'a> {
    let readable = prisma_readable(&m);
    match m.as_rule() {
        Rule::blank_lines => Member::Blank,
        Rule::comments => Member::Comments(m),
        Rule::field if readable && kind == Kind::Model => Member::Field(m),
        Rule::field
            if readable
                && kind == Kind::Enum
                && !m.clone().into_inner().any(|p| matches!(p.as_rule(), Rule::field_type | Rule::legacy_colon)) =>
        {
            Member::EnumValue(m)
        }
        Rule::property if readable && kind == Kind::Config => Member::KeyValue(m),
        Rule::block_attribute if readable && kind != Kind::Config => Member::Attribute(m),
        _ => {
            // Prisma's catch-all line: from the member's first character through its line break.
            let span = m.as_span();
            let end = if m.as_str().ends_with(['\n', '\r']) { span.end() } else { line_end(input, span.end()) };
            Member::CatchAll(input[span.start()..end].trim_end_matches('\n'))
        }
    }
}

fn format_members(r: &mut Renderer, members: Vec<Member<'_>>) {
    let mut table = Table::default();
    let mut attributes: Vec<(Option<P<'_>>, P<'_>)> = Vec::new();
    let mut pending_comment: Option<P<'_>> = None;
    let mut members = members.into_iter().peekable();
    if matches!(members.peek(), Some(Member::Blank)) {
        members.next();
    }
    loop {
        let ate_blank = matches!(members.peek(), Some(Member::Blank));
        if ate_blank {
            members.next();
            match members.peek() {
                None | Some(Member::Attribute(_)) | Some(Member::Comments(_)) => {}
                Some(_) => {
                    table.render(r);
                    table.new_row();
                }
            }
        }
        let Some(current) = members.next() else { break };
        match current {
            Member::Comments(c) => {
                if matches!(members.peek(), Some(Member::Attribute(_))) {
                    pending_comment = Some(c);
                } else {
                    if ate_blank {
                        table.render(r);
                        table.new_row();
                    }
                    comment_rows(c, &mut table);
                }
            }
            Member::Field(f) => field_row(f, &mut table),
            Member::EnumValue(v) => enum_value_row(v, &mut table),
            Member::KeyValue(kv) => key_value_row(kv, &mut table),
            Member::Attribute(a) => attributes.push((pending_comment.take(), a)),
            Member::CatchAll(text) => table.verbatim(text),
            Member::Blank => {}
        }
    }
    table.render(r);
    if !attributes.is_empty() {
        table.new_row();
    }
    attributes.sort_by_key(|(_, a)| sort_index(a));
    for (comment, attribute) in attributes {
        if let Some(c) = comment {
            comment_rows(c, &mut table);
        }
        block_attribute_row(attribute, &mut table);
    }
    table.render(r);
}

/// Position of an attribute in Prisma's canonical order; unknown attributes keep their order, last.
fn sort_index(attribute: &P<'_>) -> usize {
    const ORDER: [&str; 9] = ["id", "unique", "default", "updatedAt", "index", "fulltext", "map", "relation", "ignore"];
    let path = attribute.clone().into_inner().find(|p| p.as_rule() == Rule::attr_path);
    path.and_then(|p| ORDER.iter().position(|o| *o == p.as_str())).unwrap_or(usize::MAX)
}

fn comment_rows(comments: P<'_>, table: &mut Table) {
    for c in comments.into_inner() {
        match c.as_rule() {
            Rule::comment | Rule::doc_comment => {
                table.new_row();
                let prefix = if c.as_rule() == Rule::doc_comment { "///" } else { "//" };
                table.suffix(prefix);
                if let Some(text) = c.into_inner().find(|p| p.as_rule() == Rule::comment_text) {
                    table.suffix(text.as_str());
                }
            }
            Rule::block_comment => {
                table.new_row();
                table.suffix("/**");
                let s = c.as_str().trim();
                let inner = s.strip_prefix("/*").and_then(|s| s.strip_suffix("*/")).unwrap_or("");
                for line in inner.lines() {
                    let line = line.trim();
                    let line = line.strip_prefix('*').map(str::trim_start).unwrap_or(line);
                    if !line.is_empty() {
                        table.new_row();
                        table.suffix(" * ");
                        table.suffix(line);
                    }
                }
                table.new_row();
                table.suffix(" */");
            }
            _ => {}
        }
    }
}

fn trailing_comment_text<'a>(c: &P<'a>) -> &'a str {
    let s = c.as_str();
    if c.clone().into_inner().any(|p| p.as_rule() == Rule::block_comment) {
        s.trim_end_matches(|ch: char| ch != '\n' && ch != '\r' && ch.is_whitespace())
    } else {
        s
    }
}

fn field_row(field: P<'_>, table: &mut Table) {
    let mut attributes = Vec::new();
    for p in field.into_inner() {
        match p.as_rule() {
            Rule::ident => {
                table.new_row();
                table.cell(FIELD_NAME).push_str(p.as_str());
            }
            Rule::field_type => write_field_type(p, table.cell(FIELD_TYPE)),
            Rule::field_attribute => attributes.push(p),
            Rule::trailing_comment => table.suffix(trailing_comment_text(&p)),
            _ => {}
        }
    }
    attributes.sort_by_key(sort_index);
    let cell = table.cell(FIELD_ATTRIBUTES);
    for (i, a) in attributes.into_iter().enumerate() {
        if i > 0 {
            cell.push(' ');
        }
        write_attribute(a, cell, "@");
    }
}

fn write_field_type(field_type: P<'_>, out: &mut String) {
    let mut suffix = "";
    for t in field_type.into_inner() {
        match t.as_rule() {
            Rule::base_type => out.push_str(t.as_str()),
            Rule::legacy_list_type => {
                if let Some(b) = t.into_inner().find(|b| b.as_rule() == Rule::base_type) {
                    out.push_str(b.as_str());
                }
                suffix = "[]";
            }
            Rule::optional_suffix => suffix = "?",
            Rule::list_suffix => suffix = "[]",
            Rule::optional_list_suffix => suffix = "[]?",
            _ => {}
        }
    }
    out.push_str(suffix);
}

fn enum_value_row(value: P<'_>, table: &mut Table) {
    for p in value.into_inner() {
        match p.as_rule() {
            Rule::ident => {
                table.new_row();
                table.cell(0).push_str(p.as_str());
            }
            Rule::field_attribute => write_attribute(p, table.cell(1), "@"),
            Rule::trailing_comment => table.suffix(trailing_comment_text(&p)),
            _ => {}
        }
    }
}

fn key_value_row(kv: P<'_>, table: &mut Table) {
    table.new_row();
    for p in kv.into_inner() {
        match p.as_rule() {
            Rule::ident => table.cell(0).push_str(p.as_str()),
            Rule::expression => {
                let cell = table.cell(1);
                cell.push_str("= ");
                write_expression(p, cell);
            }
            Rule::trailing_comment => table.suffix(trailing_comment_text(&p)),
            _ => {}
        }
    }
}

fn block_attribute_row(attribute: P<'_>, table: &mut Table) {
    table.new_row();
    let mut comment = None;
    let mut cell = String::from("@@");
    for p in attribute.into_inner() {
        match p.as_rule() {
            Rule::attr_path => cell.push_str(p.as_str()),
            Rule::arguments => write_arguments(p, &mut cell),
            Rule::trailing_comment => comment = Some(p),
            _ => {}
        }
    }
    table.cell(0).push_str(&cell);
    if let Some(c) = comment {
        table.suffix(trailing_comment_text(&c));
    }
}

/// `@path(args)` (or `@@path(args)`).
fn write_attribute(attribute: P<'_>, out: &mut String, sigil: &str) {
    out.push_str(sigil);
    for p in attribute.into_inner() {
        match p.as_rule() {
            Rule::attr_path => out.push_str(p.as_str()),
            Rule::arguments => write_arguments(p, out),
            _ => {}
        }
    }
}

fn write_arguments(arguments: P<'_>, out: &mut String) {
    out.push('(');
    let mut first = true;
    for p in arguments.into_inner() {
        let rule = p.as_rule();
        if rule == Rule::trailing_comma {
            continue;
        }
        if !first {
            out.push_str(", ");
        }
        first = false;
        match rule {
            Rule::named_argument | Rule::empty_argument => {
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::ident => {
                            out.push_str(q.as_str());
                            out.push_str(": ");
                        }
                        Rule::expression => write_expression(q, out),
                        _ => {}
                    }
                }
            }
            Rule::expression => write_expression(p, out),
            _ => {}
        }
    }
    out.push(')');
}

fn write_expression(expression: P<'_>, out: &mut String) {
    for p in expression.into_inner() {
        match p.as_rule() {
            Rule::function_call => {
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::attr_path => out.push_str(q.as_str()),
                        Rule::arguments => write_arguments(q, out),
                        _ => {}
                    }
                }
            }
            Rule::array => {
                out.push('[');
                for (i, q) in p.into_inner().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_expression(q, out);
                }
                out.push(']');
            }
            _ => out.push_str(p.as_str()),
        }
    }
}
