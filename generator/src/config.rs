//! The `datasource` and `generator` blocks, read into a [`Configuration`].

use crate::ast::{Ident, SchemaAst};
use crate::connector::{Provider, RelationMode};
use crate::diagnostics::Diagnostics;
use crate::source::Span;

/// What the configuration blocks of a schema say.
#[derive(Debug, Clone, Default)]
pub struct Configuration {
    pub datasources: Vec<Datasource>,
    pub generators: Vec<Generator>,
}

#[derive(Debug, Clone)]
pub struct Datasource {
    pub name: Ident,
    /// The provider as written (`postgres`, `postgresql`, ...).
    pub provider: String,
    pub active_provider: Provider,
    /// `relationMode` (or the deprecated `referentialIntegrity`) when set.
    pub relation_mode: Option<RelationMode>,
    /// `schemas = [...]` (multi-schema), with spans.
    pub schemas: Vec<(String, Span)>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Generator {
    pub name: Ident,
    /// `provider` value, when it is a string.
    pub provider: Option<String>,
    /// `previewFeatures`, as written.
    pub preview_features: Vec<(String, Span)>,
    /// Every property as written, for generators that read their own options (`output`, `crateName`, ...).
    pub properties: Vec<(String, crate::ast::Expression)>,
    pub span: Span,
}

impl Configuration {
    /// The provider of the first datasource, if any.
    pub fn provider(&self) -> Option<Provider> {
        self.datasources.first().map(|d| d.active_provider)
    }

    pub fn relation_mode(&self) -> RelationMode {
        match self.datasources.first() {
            Some(ds) => ds.relation_mode.unwrap_or(match ds.active_provider {
                Provider::MongoDb => RelationMode::Prisma,
                _ => RelationMode::ForeignKeys,
            }),
            None => RelationMode::ForeignKeys,
        }
    }

    /// Whether any generator enables a preview feature (case-insensitive, as Prisma compares them).
    pub fn preview_feature(&self, name: &str) -> bool {
        self.generators
            .iter()
            .flat_map(|g| g.preview_features.iter())
            .any(|(f, _)| f.eq_ignore_ascii_case(name))
    }
}

/// Reads the configuration blocks. Placeholder: a full implementation with Prisma's validation of
/// properties lives here.
pub fn read_configuration(ast: &SchemaAst, _diagnostics: &mut Diagnostics) -> Configuration {
    let mut config = Configuration::default();
    for (_, block) in ast.datasources() {
        let provider = block
            .property("provider")
            .and_then(|p| p.value.as_ref())
            .and_then(|v| v.as_string())
            .unwrap_or_default()
            .to_string();
        if let Some(active_provider) = Provider::from_name(&provider) {
            config.datasources.push(Datasource {
                name: block.name.clone(),
                provider,
                active_provider,
                relation_mode: None,
                schemas: Vec::new(),
                span: block.span,
            });
        }
    }
    for (_, block) in ast.generators() {
        config.generators.push(Generator {
            name: block.name.clone(),
            provider: block.property("provider").and_then(|p| p.value.as_ref()).and_then(|v| v.as_string()).map(str::to_string),
            preview_features: block
                .property("previewFeatures")
                .and_then(|p| p.value.as_ref())
                .and_then(|v| v.as_array())
                .map(|items| items.iter().filter_map(|i| i.as_string().map(|s| (s.to_string(), i.span()))).collect())
                .unwrap_or_default(),
            properties: block.properties.iter().filter_map(|p| Some((p.name.name.clone(), p.value.clone()?))).collect(),
            span: block.span,
        });
    }
    config
}
