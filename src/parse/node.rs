//! A format-neutral tree of frontmatter or data values, each with its byte span.

use crate::diagnostic::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Null,
    /// Strings, numbers, booleans and dates, as text.
    Scalar(String),
    List(Vec<Node>),
    /// Keys in document order, each with its own span.
    Map(Vec<(String, Span, Node)>),
}
