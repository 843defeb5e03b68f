//! Prints the in-memory size of the AST and IR node types (`cargo run --example sizes`).
use schemagen::{ast, ir};
fn main() {
    macro_rules! sz { ($($t:ty),*) => { $( println!("{:>28} {:>4}", stringify!($t), std::mem::size_of::<$t>()); )* } }
    sz!(
        schemagen::Span,
        ast::Ident,
        ast::Field,
        ast::FieldType,
        ast::Attribute,
        ast::ArgumentsList,
        ast::Argument,
        ast::Expression,
        ast::Model,
        ir::Model,
        ir::Field,
        ir::FieldKind,
        ir::ScalarField,
        ir::RelationField,
        ir::Index,
        ir::IndexField,
        ir::DefaultValue,
        ir::NativeType,
        ir::ScalarType
    );
}
