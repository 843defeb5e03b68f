//! The Rust files of the generated crate: `src/lib.rs`, `src/enums.rs` and one `src/<model>.rs` per model.
//! Code is built as tokens with `quote`, and every file goes through [`print`] (syn + prettyplease), the one
//! place Rust text is produced.

use super::{marker_line, EnumPlan, GenerateError, Link, MigrationList, ModelPlan, Options, Plan};
use super::{naming, types};
use crate::connector::Provider;
use crate::ir::ScalarType;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// Every Rust file: (path, contents).
pub fn files(
    plan: &Plan<'_>,
    options: &Options,
    migrations: &MigrationList,
) -> Result<Vec<(String, String)>, GenerateError> {
    if options.single_file {
        let path = "lib.rs".to_string();
        let text = print(&path, options, lib_rs(plan, options, migrations))?;
        return Ok(vec![(path, text)]);
    }
    let mut out = Vec::new();
    let path = "src/lib.rs".to_string();
    out.push((path.clone(), print(&path, options, lib_rs(plan, options, migrations))?));
    if !plan.enums.is_empty() {
        let path = "src/enums.rs".to_string();
        out.push((path.clone(), print(&path, options, enums_rs(plan))?));
    }
    // Model files are independent and printing (syn + prettyplease) is most of the time: print them on all
    // cores. Tokens are built inside each thread (proc-macro2's tokens are not `Send`); order is kept.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(plan.models.len().max(1));
    let chunk = plan.models.len().div_ceil(threads).max(1);
    let printed: Vec<Result<Vec<(String, String)>, GenerateError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = plan
            .models
            .chunks(chunk)
            .map(|models| {
                scope.spawn(move || {
                    models
                        .iter()
                        .map(|m| {
                            let path = format!("src/{}.rs", m.module);
                            let text = print(&path, options, model_rs(plan, m))?;
                            Ok((path, text))
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(GenerateError::one("internal error: printing the model files failed; please report it"))
                })
            })
            .collect()
    });
    for files in printed {
        out.extend(files?);
    }
    Ok(out)
}

/// Tokens → formatted Rust source, with the `@generated` line first. Tokens that do not parse are a bug of the
/// emitter, not of the schema: reported as an error (never a panic), nothing is written.
fn print(path: &str, options: &Options, tokens: TokenStream) -> Result<String, GenerateError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        GenerateError::one(format!(
            "internal error: the Rust generated for {path} does not parse ({e}); please report it with the schema"
        ))
    })?;
    let body = spaced(&prettyplease::unparse(&file));
    Ok(format!("{}\n{}", marker_line(path, &options.source), body))
}

/// prettyplease prints items back to back; a blank line after each multi-line item (and after the `use` and
/// `mod` groups), at the top level and inside `impl` blocks, makes the files readable.
fn spaced(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let indent = |l: &str| l.len() - l.trim_start().len();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else { continue };
        if next.trim().is_empty() || next.trim_start().starts_with('}') {
            continue;
        }
        let t = line.trim_start();
        let kind = |l: &str| {
            let l = l.trim_start();
            if l.starts_with("use ") || l.starts_with("pub use ") {
                1
            } else if l.starts_with("mod ") || l.starts_with("pub mod ") {
                2
            } else if l.starts_with("#![") || l.starts_with("//!") {
                3
            } else {
                0
            }
        };
        let ends_item = indent(next) == indent(line)
            && ((matches!(t, "}" | "};") && indent(line) <= 4)
                || (indent(line) == 0 && t.ends_with(';') && !t.starts_with("//") && kind(line) == 0));
        let ends_group = indent(line) == 0 && kind(line) != 0 && kind(line) != kind(next);
        if ends_item || ends_group {
            out.push('\n');
        }
    }
    out
}

/// An identifier as written by the naming rules (`r#type` becomes a raw identifier).
fn ident(s: &str) -> Ident {
    match s.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(s, Span::call_site()),
    }
}

fn idx(i: impl Into<u32>) -> Literal {
    Literal::u16_unsuffixed(i.into() as u16)
}

fn u16s(v: &[u16]) -> TokenStream {
    let items = v.iter().map(|i| Literal::u16_unsuffixed(*i));
    quote!(&[#(#items),*])
}

fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let lines = doc.map(super::naming::doc_lines).unwrap_or_default();
    quote!(#(#[doc = #lines])*)
}

fn doc_attr(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote!(#[doc = #text])
}

// ------------------------------------------------------------------------------------------------
// lib.rs
// ------------------------------------------------------------------------------------------------

fn lib_rs(plan: &Plan<'_>, options: &Options, migrations: &MigrationList) -> TokenStream {
    let crate_doc = [
        format!(" `{}`: the typed database client of the schema at `{}`.", options.crate_name, options.source),
        String::new(),
        " Generated by schemagen (`schemagen generate`); see `README.md` for the models and an example.".to_string(),
    ];
    // `mod x;` with a file per module, or (single file) `mod x { … }` inline, with the outer attribute that
    // stands for the crate's `#![allow]` (inner attributes are not allowed in an `include!`d file).
    let inline = options.single_file;
    let module_item = |name: &str, body: Option<TokenStream>| {
        let name = ident(name);
        match body {
            Some(body) => quote!(#[rustfmt::skip] #[allow(clippy::too_many_arguments)] pub mod #name { #body }),
            None => quote!(#[rustfmt::skip] pub mod #name;),
        }
    };
    let modules: Vec<TokenStream> =
        plan.models.iter().map(|m| module_item(&m.module, inline.then(|| model_rs(plan, m)))).collect();
    let enums_mod = (!plan.enums.is_empty()).then(|| module_item("enums", inline.then(|| enums_rs(plan))));
    let crate_attrs = (!inline).then(|| {
        quote! {
            #(#![doc = #crate_doc])*
            // `XCreate::new` takes every required field of the model.
            #![allow(clippy::too_many_arguments)]
        }
    });
    let enum_names: Vec<Ident> = plan.enums.iter().map(|e| ident(&e.type_name)).collect();
    let enums_use = (!plan.enums.is_empty()).then(|| quote!(#[rustfmt::skip] pub use enums::{#(#enum_names),*};));
    let model_uses = plan.models.iter().map(|m| {
        let module = ident(&m.module);
        let (t, c) = (ident(&m.type_name), ident(&m.create_name));
        quote!(#[rustfmt::skip] pub use #module::{#t, #c};)
    });
    let reexports: Vec<Ident> = plan.reexports.iter().map(|r| ident(r)).collect();
    let reexport =
        (!reexports.is_empty()).then(|| quote!(#[rustfmt::skip] pub use schemagen_runtime::client::{#(#reexports),*};));

    let accessors: Vec<TokenStream> = plan
        .models
        .iter()
        .map(|m| {
            let name = ident(&m.accessor);
            let t = ident(&m.type_name);
            let doc = doc_attr(&format!("Queries on `{}` (table `{}`).", m.model.name(), m.model.table_name()));
            quote! {
                #doc
                pub fn #name(&self) -> rt::Repo<'_, #t> {
                    self.0.repo()
                }
            }
        })
        .collect();

    let statics = [(Provider::Sqlite, "MIGRATIONS_SQLITE"), (Provider::Postgres, "MIGRATIONS_POSTGRES")].map(
        |(provider, name)| {
            let name = ident(name);
            let items: Vec<TokenStream> = if options.providers.contains(&provider) {
                migrations
                    .of(provider)
                    .iter()
                    .map(|folder| {
                        let dir = options.migrations_include.replace("{provider}", provider.name());
                        let path = format!("{}/{folder}/migration.sql", dir.trim_end_matches('/'));
                        quote!((#folder, include_str!(#path)))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let doc = doc_attr(&format!(
                "The {} migrations (`migrations/{}/`), oldest first.",
                if provider == Provider::Sqlite { "SQLite" } else { "PostgreSQL" },
                provider.name()
            ));
            quote! {
                #doc
                #[rustfmt::skip]
                pub static #name: &[(&str, &str)] = &[#(#items),*];
            }
        },
    );

    quote! {
        #crate_attrs

        #[rustfmt::skip]
        use schemagen_runtime::client as rt;

        #enums_mod
        #(#modules)*

        #enums_use
        #(#model_uses)*
        #reexport

        /// The database client: a small connection pool, cheap to clone, `Send + Sync`.
        #[rustfmt::skip]
        #[derive(Clone)]
        pub struct Client(rt::Client);

        #[rustfmt::skip]
        impl Client {
            /// Connects to `sqlite:PATH`, `sqlite::memory:`, `postgres://…` or `postgresql://…`.
            pub fn connect(url: &str) -> rt::Result<Self> {
                rt::Client::connect(url).map(Self)
            }

            /// Applies the embedded migrations of the connected database's provider.
            pub fn migrate(&self) -> rt::Result<()> {
                self.0.migrate(MIGRATIONS_SQLITE, MIGRATIONS_POSTGRES)
            }

            /// Runs `f` in a transaction: committed when it returns `Ok`, rolled back on `Err`.
            pub fn transaction<T, E: From<rt::Error>>(
                &self,
                f: impl FnOnce(&Transaction<'_>) -> std::result::Result<T, E>,
            ) -> std::result::Result<T, E> {
                self.0.transaction(|tx| f(&Transaction(tx)))
            }

            /// Raw SQL.
            pub fn raw(&self) -> rt::Raw<'_> {
                self.0.raw()
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &rt::Client {
                &self.0
            }

            #(#accessors)*
        }

        /// A transaction in progress (see [`Client::transaction`]).
        #[rustfmt::skip]
        pub struct Transaction<'a>(&'a rt::Tx<'a>);

        #[rustfmt::skip]
        impl Transaction<'_> {
            /// Raw SQL, in the transaction.
            pub fn raw(&self) -> rt::Raw<'_> {
                self.0.raw()
            }

            #(#accessors)*
        }

        #(#statics)*

        #META_MODULE
    }
}

/// Builders of the models' `META` statics (`const fn`, so each `META` stays a plain `static`), and the two
/// helpers of unique lookups and create data. Private to the crate; not every schema uses every builder.
const META_MODULE: MetaModule = MetaModule;

struct MetaModule;

impl quote::ToTokens for MetaModule {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote! {
            /// Builders of the models' `META` (const, so that every `META` is a plain `static`).
            #[rustfmt::skip]
            #[allow(dead_code)]
            mod meta {
                use schemagen_runtime::client as rt;

                /// A column being described.
                pub(crate) struct Col(rt::ColumnMeta);

                /// A column named `name` in the schema and the database.
                pub(crate) const fn col(name: &'static str, kind: rt::ScalarKind) -> Col {
                    Col(rt::ColumnMeta {
                        name,
                        db_name: name,
                        kind,
                        nullable: false,
                        list: false,
                        client_default: rt::ClientDefault::None,
                        has_db_default: false,
                        updated_at: false,
                        pg_cast: None,
                    })
                }

                impl Col {
                    /// `@map`: the column's name in the database.
                    pub(crate) const fn map(self, db_name: &'static str) -> Col {
                        Col(rt::ColumnMeta { db_name, ..self.0 })
                    }
                    pub(crate) const fn nullable(self) -> Col {
                        Col(rt::ColumnMeta { nullable: true, ..self.0 })
                    }
                    pub(crate) const fn list(self) -> Col {
                        Col(rt::ColumnMeta { list: true, ..self.0 })
                    }
                    pub(crate) const fn default(self, client_default: rt::ClientDefault) -> Col {
                        Col(rt::ColumnMeta { client_default, ..self.0 })
                    }
                    pub(crate) const fn db_default(self) -> Col {
                        Col(rt::ColumnMeta { has_db_default: true, ..self.0 })
                    }
                    /// `@default(now())`: set by the client, with a database default too.
                    pub(crate) const fn now(self) -> Col {
                        Col(rt::ColumnMeta { client_default: rt::ClientDefault::Now, has_db_default: true, ..self.0 })
                    }
                    pub(crate) const fn updated_at(self) -> Col {
                        Col(rt::ColumnMeta { updated_at: true, ..self.0 })
                    }
                    pub(crate) const fn cast(self, pg_cast: &'static str) -> Col {
                        Col(rt::ColumnMeta { pg_cast: Some(pg_cast), ..self.0 })
                    }
                    pub(crate) const fn get(self) -> rt::ColumnMeta {
                        self.0
                    }
                }

                /// `Decimal`, with the scale of `@db.Decimal(p, s)` when given.
                pub(crate) const fn decimal(scale: Option<u32>) -> rt::ScalarKind {
                    rt::ScalarKind::Decimal { scale }
                }

                /// A schema enum whose PostgreSQL type is `db_type`.
                pub(crate) const fn enum_kind(db_type: &'static str) -> rt::ScalarKind {
                    rt::ScalarKind::Enum { db_type }
                }

                type Target = fn() -> &'static rt::ModelMeta;

                const fn relation(
                    name: &'static str,
                    target: Target,
                    many: bool,
                    optional: bool,
                    link: rt::RelationLink,
                ) -> rt::RelationMeta {
                    rt::RelationMeta { name, target, many, optional, link }
                }

                /// A to-many relation field (`Post[]`).
                pub(crate) const fn many(name: &'static str, target: Target, link: rt::RelationLink) -> rt::RelationMeta {
                    relation(name, target, true, false, link)
                }

                /// A required to-one relation field (`User`).
                pub(crate) const fn one(name: &'static str, target: Target, link: rt::RelationLink) -> rt::RelationMeta {
                    relation(name, target, false, false, link)
                }

                /// An optional to-one relation field (`User?`).
                pub(crate) const fn optional(
                    name: &'static str,
                    target: Target,
                    link: rt::RelationLink,
                ) -> rt::RelationMeta {
                    relation(name, target, false, true, link)
                }

                /// This model holds the foreign key `fields`, referencing `references` of the target.
                pub(crate) const fn owned(fields: &'static [u16], references: &'static [u16]) -> rt::RelationLink {
                    rt::RelationLink::Owned { fields, references }
                }

                /// The target holds the foreign key `fields`, referencing `references` of this model.
                pub(crate) const fn inverse(fields: &'static [u16], references: &'static [u16]) -> rt::RelationLink {
                    rt::RelationLink::Inverse { fields, references }
                }

                /// An implicit many-to-many relation through Prisma's join table.
                pub(crate) const fn many_to_many(
                    table: &'static str,
                    this_column: &'static str,
                    other_column: &'static str,
                    this_id: u16,
                    other_id: u16,
                ) -> rt::RelationLink {
                    rt::RelationLink::ManyToMany { table, this_column, other_column, this_id, other_id }
                }

                /// A unique constraint other than the primary key.
                pub(crate) const fn unique(db_name: &'static str, columns: &'static [u16]) -> rt::UniqueMeta {
                    rt::UniqueMeta { db_name, columns }
                }

                /// One column of a unique lookup.
                pub(crate) fn key<T: rt::DbType>(column: u16, value: impl Into<T>) -> (u16, rt::Value) {
                    (column, rt::DbType::into_value(value.into()))
                }

                /// A create field that was given (`Some`): its value; `None` leaves the default.
                pub(crate) fn put<T: rt::DbType>(out: &mut Vec<(u16, rt::Value)>, column: u16, value: Option<T>) {
                    if let Some(v) = value {
                        out.push((column, rt::DbType::into_value(v)));
                    }
                }
            }
        });
    }
}

// ------------------------------------------------------------------------------------------------
// enums.rs
// ------------------------------------------------------------------------------------------------

fn enums_rs(plan: &Plan<'_>) -> TokenStream {
    let items = plan.enums.iter().map(enum_item);
    quote! {
        use schemagen_runtime::client as rt;

        #(#items)*
    }
}

fn enum_item(e: &EnumPlan<'_>) -> TokenStream {
    let name = ident(&e.type_name);
    let doc = doc_attrs(e.walker.get().documentation.as_deref());
    // `rename_all = "SCREAMING_SNAKE_CASE"` when it gives most schema names back; explicit renames for the rest,
    // so that JSON carries the schema's value names.
    let screaming = e.variants.iter().filter(|(v, n, _, _)| naming::serde_screaming(v) == *n).count();
    let use_screaming = screaming * 2 > e.variants.len();
    let rename_all = use_screaming.then(|| quote!(#[serde(rename_all = "SCREAMING_SNAKE_CASE")]));
    let variants = e.variants.iter().map(|(v, schema_name, _, vdoc)| {
        let given_back =
            if use_screaming { naming::serde_screaming(v) } else { v.trim_start_matches("r#").to_string() };
        let rename = (given_back != *schema_name).then(|| quote!(#[serde(rename = #schema_name)]));
        let v = ident(v);
        let vdoc = doc_attrs(*vdoc);
        quote!(#vdoc #rename #v)
    });
    let to_db = e.variants.iter().map(|(v, _, db, _)| {
        let v = ident(v);
        quote!(Self::#v => #db)
    });
    let from_db = e.variants.iter().map(|(v, _, db, _)| {
        let v = ident(v);
        quote!(#db => Some(Self::#v))
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #rename_all
        pub enum #name {
            #(#variants),*
        }

        impl rt::DbEnum for #name {
            fn as_str(&self) -> &'static str {
                match self {
                    #(#to_db),*
                }
            }

            fn from_db(s: &str) -> Option<Self> {
                match s {
                    #(#from_db,)*
                    _ => None,
                }
            }
        }

        rt::enum_db_type!(#name);
    }
}

// ------------------------------------------------------------------------------------------------
// One model
// ------------------------------------------------------------------------------------------------

/// The Rust type of a column's values, without `Option` / `Vec`.
fn base_type(plan: &Plan<'_>, t: &ScalarType) -> TokenStream {
    match t {
        ScalarType::Enum(id) => {
            let e = ident(&plan.enums[id.0 as usize].type_name);
            quote!(crate::#e)
        }
        other => types::builtin_rust_type(other).unwrap_or_else(|| quote!(())),
    }
}

fn model_rs(plan: &Plan<'_>, m: &ModelPlan<'_>) -> TokenStream {
    let t = ident(&m.type_name);
    let create = ident(&m.create_name);
    let model_name = m.model.name();
    let table = m.model.table_name();

    // The struct.
    let mut struct_fields = Vec::new();
    for c in &m.columns {
        let f = ident(&c.rust);
        let base = base_type(plan, c.scalar_type());
        let ty = if c.field.is_list() {
            quote!(Vec<#base>)
        } else if c.field.is_optional() {
            quote!(Option<#base>)
        } else {
            base
        };
        let doc = doc_attrs(c.field.documentation());
        let rename = serde_rename(&c.rust, c.field.name());
        struct_fields.push(quote!(#doc #rename pub #f: #ty));
    }
    for r in &m.relations {
        let f = ident(&r.rust);
        let target = ident(&plan.models[r.target].type_name);
        let ty = if r.many { quote!(Option<Vec<crate::#target>>) } else { quote!(Option<Box<crate::#target>>) };
        let doc = doc_attrs(r.field.documentation());
        let rename = serde_rename(&r.rust, r.field.name());
        struct_fields.push(quote! {
            #doc
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub #f: #ty
        });
    }
    let struct_doc = doc_attrs(m.model.documentation());
    let relation_note = (!m.relations.is_empty()).then(|| {
        let lines = [String::new(), " Relation fields are `None` unless loaded with `include`.".to_string()];
        quote!(#(#[doc = #lines])*)
    });

    // META, written with the builders of `crate::meta` (one line per column or relation).
    let columns = m.columns.iter().map(|c| {
        let name = c.field.name();
        let kind = match c.scalar_type() {
            ScalarType::Enum(id) => types::enum_kind(plan.schema.walk(*id).db_name()),
            other => types::scalar_kind(other, c.field.native_type()).unwrap_or_else(|| quote!(rt::ScalarKind::String)),
        };
        let mut chain = quote!(m::col(#name, #kind));
        if c.field.column_name() != name {
            let db_name = c.field.column_name();
            chain = quote!(#chain.map(#db_name));
        }
        if c.field.is_optional() {
            chain = quote!(#chain.nullable());
        }
        if c.field.is_list() {
            chain = quote!(#chain.list());
        }
        let (client_default, has_db_default) = types::defaults(c.field.default_value().map(|d| &d.value));
        let client_default = client_default.to_string();
        if client_default == quote!(rt::ClientDefault::Now).to_string() && has_db_default {
            chain = quote!(#chain.now());
        } else {
            if client_default != quote!(rt::ClientDefault::None).to_string() {
                let d: TokenStream = client_default.parse().unwrap_or_default();
                chain = quote!(#chain.default(#d));
            }
            if has_db_default {
                chain = quote!(#chain.db_default());
            }
        }
        if c.field.is_updated_at() {
            chain = quote!(#chain.updated_at());
        }
        if let Some(cast) = types::pg_cast(c.field.native_type()) {
            chain = quote!(#chain.cast(#cast));
        }
        quote!(#chain.get())
    });
    let relations_meta = m.relations.iter().map(|r| {
        let name = r.field.name();
        let target_mod = ident(&plan.models[r.target].module);
        let link = match &r.link {
            Link::Owned { fields, references } => {
                let (f, rf) = (u16s(fields), u16s(references));
                quote!(m::owned(#f, #rf))
            }
            Link::Inverse { fields, references } => {
                let (f, rf) = (u16s(fields), u16s(references));
                quote!(m::inverse(#f, #rf))
            }
            Link::ManyToMany { table, this_column, other_column, this_id, other_id } => {
                let (a, b) = (idx(*this_id), idx(*other_id));
                quote!(m::many_to_many(#table, #this_column, #other_column, #a, #b))
            }
        };
        let constructor = if r.many {
            quote!(m::many)
        } else if r.optional {
            quote!(m::optional)
        } else {
            quote!(m::one)
        };
        quote!(#constructor(#name, || &crate::#target_mod::META, #link))
    });
    let uniques_meta = m.uniques.iter().filter(|u| !u.is_primary_key).map(|u| {
        let db_name = &u.db_name;
        let cols = u16s(&u.columns);
        quote!(m::unique(#db_name, #cols))
    });
    let pk = u16s(&m.primary_key);
    let pk_name = &m.pk_name;

    // impl rt::Model.
    let from_row_fields = m.columns.iter().enumerate().map(|(i, c)| {
        let f = ident(&c.rust);
        let i = Literal::usize_unsuffixed(i);
        quote!(#f: row.get(#i)?)
    });
    let none_fields = m.relations.iter().map(|r| {
        let f = ident(&r.rust);
        quote!(#f: None)
    });
    let value_arms = m.columns.iter().enumerate().map(|(i, c)| {
        let f = ident(&c.rust);
        let i = idx(i as u32);
        quote!(#i => rt::DbType::to_value(&self.#f))
    });

    // Field handles.
    let field_fns = m.columns.iter().enumerate().map(|(i, c)| {
        let f = ident(&c.rust);
        let base = base_type(plan, c.scalar_type());
        let ty = if c.field.is_list() {
            quote!(Vec<#base>)
        } else if c.field.is_optional() {
            quote!(Option<#base>)
        } else {
            base
        };
        let i = idx(i as u32);
        let doc = doc_attrs(c.field.documentation());
        quote! {
            #doc
            pub fn #f() -> rt::Field<#t, #ty> {
                rt::Field::new(#i)
            }
        }
    });
    let relation_fns = m.relations.iter().enumerate().map(|(i, r)| {
        let f = ident(&r.rust);
        let target = ident(&plan.models[r.target].type_name);
        let i = idx(i as u32);
        let doc = doc_attrs(r.field.documentation());
        if r.many {
            quote! {
                #doc
                pub fn #f() -> rt::ToMany<#t, crate::#target> {
                    rt::ToMany::new(#i, |this, v| this.#f = Some(v))
                }
            }
        } else {
            quote! {
                #doc
                pub fn #f() -> rt::ToOne<#t, crate::#target> {
                    rt::ToOne::new(#i, |this, v| this.#f = v.map(Box::new))
                }
            }
        }
    });
    let unique_fns = m.uniques.iter().map(|u| {
        let f = ident(&u.fn_name);
        let params: Vec<(Ident, TokenStream, Literal)> = u
            .columns
            .iter()
            .map(|c| {
                let col = &m.columns[*c as usize];
                (ident(&col.rust), base_type(plan, col.scalar_type()), idx(*c))
            })
            .collect();
        let args = params.iter().map(|(p, ty, _)| quote!(#p: impl Into<#ty>));
        let values = params.iter().map(|(p, ty, i)| quote!(m::key::<#ty>(#i, #p)));
        let names: Vec<&str> = u.columns.iter().map(|c| m.columns[*c as usize].field.name()).collect();
        let doc = doc_attr(&format!(
            "The `{model_name}` whose {} {} ({}`{}`).",
            if names.len() == 1 { "field" } else { "fields" },
            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
            if u.is_primary_key { "primary key " } else { "unique constraint " },
            u.db_name
        ));
        let body = if params.len() == 1 {
            quote!(rt::Unique::one(#(#values)*))
        } else {
            quote!(rt::Unique::from_vec(vec![#(#values),*]))
        };
        quote! {
            #doc
            pub fn #f(#(#args),*) -> rt::Unique<#t> {
                #body
            }
        }
    });

    // The create struct.
    let mut create_fields = Vec::new();
    let mut new_params = Vec::new();
    let mut new_inits = Vec::new();
    let mut pushes = Vec::new();
    let mut all_optional = true;
    for (i, c) in m.columns.iter().enumerate() {
        let f = ident(&c.rust);
        let base = base_type(plan, c.scalar_type());
        let i = idx(i as u32);
        let required = c.field.is_required()
            && !c.field.is_list()
            && c.field.default_value().is_none()
            && !c.field.is_updated_at();
        let doc = doc_attrs(c.field.documentation());
        if required {
            all_optional = false;
            create_fields.push(quote!(#doc pub #f: #base));
            new_params.push(quote!(#f: impl Into<#base>));
            new_inits.push(quote!(#f: #f.into()));
            pushes.push(quote!(out.push((#i, rt::DbType::into_value(self.#f)));));
        } else {
            let inner = if c.field.is_list() { quote!(Vec<#base>) } else { base };
            create_fields.push(quote!(#doc pub #f: Option<#inner>));
            new_inits.push(quote!(#f: None));
            pushes.push(quote!(m::put(out, #i, self.#f);));
        }
    }
    let default_derive = all_optional.then(|| quote!(Default,));
    let create_doc = doc_attr(&format!(
        "Data for creating a `{model_name}`: required fields without a default are plain, the others are `Option` \
         (`None`: the default, or NULL)."
    ));

    quote! {
        use crate::meta as m;
        use schemagen_runtime::client as rt;

        #struct_doc
        #relation_note
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct #t {
            #(#struct_fields),*
        }

        /// What the query engine knows about the model.
        pub static META: rt::ModelMeta = rt::ModelMeta {
            name: #model_name,
            table: #table,
            columns: &[#(#columns),*],
            relations: &[#(#relations_meta),*],
            primary_key: #pk,
            uniques: &[#(#uniques_meta),*],
            pk_name: #pk_name,
        };

        impl rt::Model for #t {
            const META: &'static rt::ModelMeta = &META;

            fn from_row(row: &rt::Row<'_>) -> rt::Result<Self> {
                Ok(#t {
                    #(#from_row_fields,)*
                    #(#none_fields,)*
                })
            }

            fn value(&self, column: u16) -> rt::Value {
                match column {
                    #(#value_arms,)*
                    _ => rt::Value::Null,
                }
            }
        }

        #(#field_fns)*
        #(#relation_fns)*
        #(#unique_fns)*

        #create_doc
        #[derive(Debug, Clone, PartialEq, #default_derive)]
        pub struct #create {
            #(#create_fields),*
        }

        impl #create {
            /// The required fields, in schema order; the others start as `None`.
            pub fn new(#(#new_params),*) -> Self {
                Self {
                    #(#new_inits),*
                }
            }
        }

        impl rt::CreateData<#t> for #create {
            fn into_values(self, out: &mut Vec<(u16, rt::Value)>) {
                #(#pushes)*
            }
        }
    }
}

/// `#[serde(rename = "...")]` when `rename_all = "camelCase"` does not give back the schema name.
fn serde_rename(rust: &str, schema_name: &str) -> Option<TokenStream> {
    (!super::naming::serde_camel_roundtrips(rust, schema_name)).then(|| quote!(#[serde(rename = #schema_name)]))
}
