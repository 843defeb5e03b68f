//! Canonical formatting, byte for byte what `prisma format` writes.
//!
//! Two steps, as in Prisma: when the schema resolves without errors, the relation fields, relation
//! scalar fields and `@relation` arguments Prisma would add are inserted into the text ([`magic`]);
//! then each file is laid out from its concrete syntax tree ([`syntax`]), keeping every comment.

mod inflect;
mod magic;
mod render;
mod syntax;

use crate::SourceFiles;

/// Formats one schema file. Text that does not parse is returned unchanged.
pub fn format_text(text: &str) -> String {
    let files = SourceFiles::single("schema.prisma", text);
    format_files(&files).pop().map(|(_, t)| t).unwrap_or_else(|| text.to_string())
}

/// Formats every file of a schema: (path, formatted text) per file, in order.
pub fn format_files(files: &SourceFiles) -> Vec<(String, String)> {
    let bits = magic::missing_bits(files);
    files
        .iter()
        .map(|(id, f)| {
            let source = match bits.get(id.0 as usize) {
                Some(b) if !b.is_empty() => std::borrow::Cow::Owned(magic::enrich(&f.text, b)),
                _ => std::borrow::Cow::Borrowed(f.text.as_str()),
            };
            let formatted = syntax::reformat(&source).unwrap_or_else(|| f.text.clone());
            (f.path.clone(), formatted)
        })
        .collect()
}
