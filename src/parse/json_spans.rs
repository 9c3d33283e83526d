//! A small JSON scanner that records where every value is.
//!
//! `serde_json` decides what a value *is* (numbers, unescaped strings);
//! this scanner decides where it is written: the byte span of each value,
//! of each object key, and the tree they form. It checks the JSON grammar
//! closely enough to find value boundaries in any valid document, never
//! panics on invalid input, and stops at the first syntax error, keeping
//! every value it completed before it. It is iterative, so nesting depth
//! costs heap, not stack.

use crate::diagnostic::Span;
use std::borrow::Cow;
use std::ops::Range;

/// What a node holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl Kind {
    /// How a message names a value of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "true or false",
            Kind::Null => "null",
        }
    }
}

/// One value in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Node {
    pub kind: Kind,
    /// The whole value (strings with their quotes). For a container the scan
    /// did not finish, from its opening bracket to where the scan stopped.
    pub span: Span,
    /// For an object member, its key (with quotes).
    pub key: Option<Span>,
    /// Where its members or items are listed in [`Tree::children`]: one
    /// shared list, not an allocation per container.
    children: Range<usize>,
    /// Whether the value was read to its end.
    pub complete: bool,
}

/// The values of a document; the first node is the top-level value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tree {
    pub nodes: Vec<Node>,
    /// The members or items of every container, each container's a
    /// contiguous run in document order (indices into `nodes`).
    children: Vec<usize>,
}

/// Where and why scanning stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub at: usize,
    pub message: String,
    /// The input ended before the document did (a truncated file).
    pub eof: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// A value must come next.
    Value,
    /// Just after `[`: a value or `]`.
    FirstItem,
    /// Just after `{`: a key or `}`.
    FirstKey,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After a value inside a container: `,` or the closing bracket.
    Next,
    /// The top-level value is complete: only whitespace may follow.
    Done,
}

/// Scans the JSON document in `text[start..]`; spans are offsets in `text`.
pub(crate) fn scan(text: &str, start: usize) -> (Tree, Option<SyntaxError>) {
    scan_to_depth(text, start, usize::MAX)
}

/// Scans the whole document in `text[start..]` with the same checks and
/// errors as [`scan`], but records only the top-level value and its items
/// or members: a large array of objects costs a node per object, not per
/// value. Read an item's values with [`scan_item`].
pub(crate) fn scan_items(text: &str, start: usize) -> (Tree, Option<SyntaxError>) {
    scan_to_depth(text, start, 1)
}

/// The tree of one item of a [`scan_items`] tree, with the nodes [`scan`]
/// of the whole document has for it, in the same file offsets. A complete
/// item is scanned to its end; an incomplete one (the scan stopped in it)
/// until the scan stops there again, as it does at the same place.
pub(crate) fn scan_item(text: &str, item: &Node) -> Tree {
    let text = if item.complete {
        text.get(..item.span.end).unwrap_or(text)
    } else {
        text
    };
    scan(text, item.span.start).0
}

/// The spans of the items of a top-level array in `text[start..]`, found
/// by brackets and quotes alone, one byte compare a step: the validating
/// scan of a whole export ran on one core before any item could be read.
/// Each item is then checked on its own ([`scan_span`]). `None` when the
/// text around the items is not `[`, items between `,`, `]` and
/// whitespace: the caller scans the whole document with [`scan_items`].
///
/// At most `limit` items are split; with more, the second value is where
/// the first item past them starts, and the text from there on is not
/// looked at.
pub(crate) fn split_items(
    text: &str,
    start: usize,
    limit: usize,
) -> Option<(Vec<Span>, Option<usize>)> {
    let bytes = text.as_bytes();
    let mut pos = skip_whitespace(bytes, start);
    if bytes.get(pos) != Some(&b'[') {
        return None;
    }
    pos = skip_whitespace(bytes, pos + 1);
    let mut items = Vec::new();
    if bytes.get(pos) == Some(&b']') {
        pos += 1;
    } else {
        loop {
            let item_start = pos;
            if items.len() == limit {
                return Some((items, Some(item_start)));
            }
            pos = value_end(bytes, pos)?;
            items.push(item_start..pos);
            pos = skip_whitespace(bytes, pos);
            match bytes.get(pos) {
                Some(b',') => pos = skip_whitespace(bytes, pos + 1),
                Some(b']') => {
                    pos += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_whitespace(bytes, pos) == bytes.len()).then_some((items, None))
}

/// The first byte at or after `pos` that is not JSON whitespace.
pub(crate) fn skip_whitespace(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(pos) {
        pos += 1;
    }
    pos
}

/// Where the value at `pos` would end, judged by its brackets and quotes
/// only (a scalar runs to `,`, `]` or whitespace); `None` at the end of
/// the text or a bracket closed too often.
fn value_end(bytes: &[u8], pos: usize) -> Option<usize> {
    match bytes.get(pos)? {
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut at = pos;
            loop {
                match bytes.get(at)? {
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    b'"' => {
                        at = string_end(bytes, at)?;
                        continue;
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        b'"' => string_end(bytes, pos),
        _ => {
            let rest = bytes.get(pos..)?;
            let length = rest
                .iter()
                .position(|b| matches!(b, b',' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            Some(pos + length)
        }
    }
}

/// The offset after the closing quote of the string whose opening quote is
/// at `pos`, skipping each backslash's next byte.
fn string_end(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut at = pos + 1;
    loop {
        at += memchr::memchr2(b'"', b'\\', bytes.get(at..)?)?;
        if bytes.get(at)? == &b'"' {
            return Some(at + 1);
        }
        at += 2;
    }
}

/// The tree of `text[span]` when it holds exactly one complete value: then
/// it is the tree [`scan_item`] gives for that item of a valid document.
/// `None` when the value has a syntax error or does not end at the span's
/// end.
pub(crate) fn scan_span(text: &str, span: &Span) -> Option<Tree> {
    let (tree, error) = scan(text.get(..span.end)?, span.start);
    let whole = tree
        .nodes
        .first()
        .is_some_and(|root| root.complete && root.span == *span);
    (error.is_none() && whole).then_some(tree)
}

/// The values a scan makes room for before it reads any: an issue of a
/// `gh` export has about twenty.
const INITIAL_NODES: usize = 32;

/// Records the values nested at most `depth` containers deep.
fn scan_to_depth(text: &str, start: usize, depth: usize) -> (Tree, Option<SyntaxError>) {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: start.min(text.len()),
        // Room for an issue's values at once: grown a slot at a time from
        // empty, the four lists of 20,000 small trees were reallocated
        // 120,000 times (1% of a 10,000-goal check).
        tree: Tree {
            nodes: Vec::with_capacity(INITIAL_NODES),
            children: Vec::with_capacity(INITIAL_NODES),
        },
        open: Vec::with_capacity(8),
        pending: Vec::with_capacity(INITIAL_NODES),
        key: None,
        depth,
    };
    let error = scanner.run().err();
    let end = scanner.pos.min(text.len());
    // The containers left open by an error end where the scan stopped;
    // innermost first, as their pending children are last.
    while let Some(open) = scanner.open.pop() {
        if let Some(index) = open.node {
            scanner.finish(index, open.first_child, end, false);
        }
    }
    (scanner.tree, error)
}

/// A container being read.
struct Open {
    kind: Kind,
    /// Its node, when it is recorded.
    node: Option<usize>,
    /// Where its children start in [`Scanner::pending`].
    first_child: usize,
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tree: Tree,
    /// Open containers, innermost last.
    open: Vec<Open>,
    /// The children of the open containers read so far, innermost last.
    pending: Vec<usize>,
    /// The key of the member whose value comes next.
    key: Option<Span>,
    /// How deep values are recorded (0: the top-level value only).
    depth: usize,
}

impl Scanner<'_> {
    fn error(&self, at: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            at: at.min(self.text.len()),
            message: message.into(),
            eof: at >= self.bytes.len(),
        }
    }

    fn skip_whitespace(&mut self) {
        self.pos = skip_whitespace(self.bytes, self.pos);
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        let mut state = State::Value;
        loop {
            self.skip_whitespace();
            let Some(&byte) = self.bytes.get(self.pos) else {
                return match state {
                    State::Done => Ok(()),
                    _ if self.tree.nodes.is_empty() => {
                        Err(self
                            .error(self.pos, "expected a JSON value, found the end of the file"))
                    }
                    _ => Err(self.error(self.pos, "the file ends before the JSON is complete")),
                };
            };
            state = match state {
                State::Done => {
                    return Err(
                        self.error(self.pos, "unexpected text after the end of the JSON value")
                    )
                }
                State::FirstItem if byte == b']' => self.close()?,
                State::Value | State::FirstItem => self.value(byte)?,
                State::FirstKey if byte == b'}' => self.close()?,
                State::FirstKey | State::Key => {
                    if byte != b'"' {
                        return Err(self.error(self.pos, "expected a key in double quotes"));
                    }
                    let start = self.pos;
                    self.string()?;
                    self.key = Some(start..self.pos);
                    State::Colon
                }
                State::Colon => {
                    if byte != b':' {
                        return Err(self.error(self.pos, "expected `:` after the key"));
                    }
                    self.pos += 1;
                    State::Value
                }
                State::Next => {
                    let in_object = self.innermost_kind() == Some(Kind::Object);
                    match (byte, in_object) {
                        (b',', true) => {
                            self.pos += 1;
                            State::Key
                        }
                        (b',', false) => {
                            self.pos += 1;
                            State::Value
                        }
                        (b'}', true) | (b']', false) => self.close()?,
                        (_, true) => {
                            return Err(self.error(self.pos, "expected `,` or `}` after the value"))
                        }
                        (_, false) => {
                            return Err(self.error(self.pos, "expected `,` or `]` after the value"))
                        }
                    }
                }
            };
        }
    }

    fn innermost_kind(&self) -> Option<Kind> {
        self.open.last().map(|open| open.kind)
    }

    /// Records a new node as the next child of the innermost container,
    /// unless it is deeper than the scan records.
    fn push(&mut self, kind: Kind, span: Span, complete: bool) -> Option<usize> {
        let key = self.key.take();
        if self.open.len() > self.depth {
            return None;
        }
        let index = self.tree.nodes.len();
        if !self.open.is_empty() {
            self.pending.push(index);
        }
        self.tree.nodes.push(Node {
            kind,
            span,
            key,
            children: 0..0,
            complete,
        });
        Some(index)
    }

    /// Ends a recorded container at `end`: its pending children move to
    /// the tree's shared list.
    fn finish(&mut self, index: usize, first_child: usize, end: usize, complete: bool) {
        let start = self.tree.children.len();
        let first_child = first_child.min(self.pending.len());
        self.tree.children.extend(self.pending.drain(first_child..));
        let children = start..self.tree.children.len();
        if let Some(node) = self.tree.nodes.get_mut(index) {
            node.span.end = end.max(node.span.start);
            node.complete = complete;
            node.children = children;
        }
    }

    /// The state after a complete value.
    fn after_value(&self) -> State {
        if self.open.is_empty() {
            State::Done
        } else {
            State::Next
        }
    }

    fn close(&mut self) -> Result<State, SyntaxError> {
        self.pos += 1;
        if let Some(open) = self.open.pop() {
            if let Some(index) = open.node {
                self.finish(index, open.first_child, self.pos, true);
            }
        }
        Ok(self.after_value())
    }

    fn value(&mut self, byte: u8) -> Result<State, SyntaxError> {
        let start = self.pos;
        match byte {
            b'{' | b'[' => {
                self.pos += 1;
                let kind = if byte == b'{' {
                    Kind::Object
                } else {
                    Kind::Array
                };
                let node = self.push(kind, start..self.pos, false);
                self.open.push(Open {
                    kind,
                    node,
                    first_child: self.pending.len(),
                });
                return Ok(if byte == b'{' {
                    State::FirstKey
                } else {
                    State::FirstItem
                });
            }
            b'"' => {
                self.string()?;
                self.push(Kind::String, start..self.pos, true);
            }
            b'-' | b'0'..=b'9' => {
                self.number()?;
                self.push(Kind::Number, start..self.pos, true);
            }
            b't' | b'f' | b'n' => {
                let (word, kind) = match byte {
                    b't' => ("true", Kind::Bool),
                    b'f' => ("false", Kind::Bool),
                    _ => ("null", Kind::Null),
                };
                let rest = self.text.get(start..).unwrap_or("");
                if !rest.starts_with(word) {
                    return Err(self.error(start, format!("expected `{word}`")));
                }
                self.pos += word.len();
                self.push(kind, start..self.pos, true);
            }
            _ => {
                return Err(self.error(
                    start,
                    "expected a value (an object, array, string, number, true, false or null)",
                ))
            }
        }
        Ok(self.after_value())
    }

    /// Reads a string starting at its opening quote; leaves `pos` after the
    /// closing quote.
    fn string(&mut self) -> Result<(), SyntaxError> {
        self.pos += 1;
        loop {
            self.pos += self.bytes.get(self.pos..).map_or(0, plain_run);
            let Some(&byte) = self.bytes.get(self.pos) else {
                return Err(self.error(self.pos, "the file ends inside a string"));
            };
            match byte {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    let escape = self.pos;
                    match self.bytes.get(self.pos + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 2;
                        }
                        Some(b'u') => {
                            let hex = self.bytes.get(self.pos + 2..self.pos + 6);
                            match hex {
                                Some(digits) if digits.iter().all(u8::is_ascii_hexdigit) => {
                                    self.pos += 6;
                                }
                                _ if self.pos + 6 > self.bytes.len() => {
                                    return Err(self
                                        .error(self.bytes.len(), "the file ends inside a string"))
                                }
                                _ => {
                                    return Err(self.error(
                                        escape,
                                        "`\\u` must be followed by four hexadecimal digits",
                                    ))
                                }
                            }
                        }
                        None => {
                            return Err(self.error(self.pos + 1, "the file ends inside a string"))
                        }
                        Some(_) => {
                            return Err(self.error(escape, "invalid escape in a string"));
                        }
                    }
                }
                0..=0x1f => {
                    return Err(self.error(
                        self.pos,
                        "control character in a string (line breaks must be written `\\n`)",
                    ))
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Reads a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error(self.pos, "invalid number")),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                return Err(self.error(self.pos, "a digit must follow the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                return Err(self.error(self.pos, "a digit must follow the exponent"));
            }
            self.digits();
        }
        if self
            .bytes
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            return Err(self.error(start, "invalid number"));
        }
        Ok(())
    }

    fn digits(&mut self) {
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
    }
}

impl Tree {
    pub fn get(&self, index: usize) -> Option<&Node> {
        self.nodes.get(index)
    }

    /// The node of member `name` of an object (the last one, as `serde_json`
    /// keeps the last of repeated keys).
    pub fn member(&self, text: &str, object: usize, name: &str) -> Option<usize> {
        if self.kind(object)? != Kind::Object {
            return None;
        }
        self.children(object).iter().rev().copied().find(|&child| {
            self.get(child)
                .and_then(|c| c.key.as_ref())
                .is_some_and(|key| key_is(text, key, name))
        })
    }

    /// The kind of a node.
    pub fn kind(&self, index: usize) -> Option<Kind> {
        self.get(index).map(|node| node.kind)
    }

    /// The text of a number node that serde_json reads as an integer (an
    /// `i64` or `u64`, as written); `None` for a fraction, an exponent, a
    /// negative zero, one too large, or another kind.
    pub fn integer<'a>(&self, text: &'a str, index: usize) -> Option<&'a str> {
        let node = self.get(index).filter(|node| node.kind == Kind::Number)?;
        let number = text.get(node.span.clone())?;
        let integer = match number.strip_prefix('-') {
            // serde_json reads `-0` as the float -0.0.
            Some(_) => number.parse::<i64>().is_ok_and(|n| n < 0),
            None => number.parse::<u64>().is_ok(),
        };
        integer.then_some(number)
    }

    /// Items of an array or members of an object.
    pub fn children(&self, index: usize) -> &[usize] {
        self.get(index)
            .and_then(|node| self.children.get(node.children.clone()))
            .unwrap_or(&[])
    }

    /// The span of a node, or an empty span at 0.
    pub fn span(&self, index: usize) -> Span {
        self.get(index).map_or(0..0, |node| node.span.clone())
    }

    /// A member's key and value, as one span.
    pub fn member_span(&self, index: usize) -> Span {
        match self.get(index) {
            Some(node) => match &node.key {
                Some(key) => key.start..node.span.end.max(key.start),
                None => node.span.clone(),
            },
            None => 0..0,
        }
    }
}

/// Whether the key literal at `span` (quotes included) decodes to `name`.
/// Every escape is longer than what it decodes to, so a literal no longer
/// than `name` matches only byte for byte, and only a longer one with an
/// escape is decoded: [`Tree::member`] compares every key of an object.
fn key_is(text: &str, span: &Span, name: &str) -> bool {
    // Bytes: a run equal to `name` (valid UTF-8) starts and ends on
    // character boundaries, so no boundary check is needed first.
    let Some(inner) = text
        .as_bytes()
        .get(span.start.saturating_add(1)..span.end.saturating_sub(1))
    else {
        return false;
    };
    match inner.len().cmp(&name.len()) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => inner == name.as_bytes() && !name.contains('\\'),
        std::cmp::Ordering::Greater => {
            // Longer, it can only be `name` through escapes. A first byte
            // that is no backslash is the decoded key's first byte: most
            // keys differ there, and are not scanned for a backslash.
            let first_differs = inner
                .first()
                .is_some_and(|&first| first != b'\\' && name.as_bytes().first() != Some(&first));
            !first_differs
                && inner.contains(&b'\\')
                && decode_string(text, span).is_some_and(|key| key == name)
        }
    }
}

/// The decoded text of a string literal or key (with its quotes in
/// `span`): borrowed when it has no escape; `None` when it is no string
/// serde_json reads (a lone surrogate).
pub(crate) fn decode_string<'a>(text: &'a str, span: &Span) -> Option<Cow<'a, str>> {
    let raw = text.get(span.clone())?;
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    if !inner.contains('\\') {
        // Borrowed: [`Tree::member`] reads every key of an object per lookup.
        return Some(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(raw).ok().map(Cow::Owned)
}

/// Whether serde_json might reject values the scanner accepted: a `\u`
/// escape of a lone surrogate, a number too large for an `f64`, or more
/// containers than its nesting limit (128) could hold. The scanner checks
/// the grammar only; when this says yes, a caller that must report what
/// serde_json reports asks serde_json. Conservative: it may say yes to a
/// value serde_json reads, never no to one it rejects.
pub(crate) fn serde_may_reject(text: &str, nodes: &[Node]) -> bool {
    // A lone surrogate can only be written as a `\u` escape (the text is
    // UTF-8): with none in the values' text, no string or key is asked.
    let start = nodes.iter().map(|node| node.span.start).min().unwrap_or(0);
    let end = nodes.iter().map(|node| node.span.end).max().unwrap_or(0);
    let escapes = text
        .as_bytes()
        .get(start..end)
        .is_none_or(|values| memchr::memmem::find(values, b"\\u").is_some());
    let mut containers = 0usize;
    for node in nodes {
        match node.kind {
            Kind::Object | Kind::Array => containers += 1,
            Kind::String => {
                if escapes && text.get(node.span.clone()).is_some_and(has_lone_surrogate) {
                    return true;
                }
            }
            Kind::Number => {
                let number = text.get(node.span.clone()).unwrap_or("");
                // Far from f64::MAX (1.8e308), so rounding cannot matter.
                if number.len() > 15 || number.contains(['e', 'E']) {
                    let value = number.parse::<f64>().unwrap_or(f64::INFINITY);
                    if !value.is_finite() || value.abs() > 1e307 {
                        return true;
                    }
                }
            }
            Kind::Bool | Kind::Null => {}
        }
        if let Some(key) = node.key.as_ref().filter(|_| escapes) {
            if text.get(key.clone()).is_some_and(has_lone_surrogate) {
                return true;
            }
        }
    }
    containers >= 100
}

/// How many bytes at the start of `bytes` a string literal holds as they
/// are: up to the first quote, backslash or control character. Issue
/// bodies are most of an export's bytes, so this looks at eight at a time.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // A byte of `word` is zero, or below `n` (n <= 0x80), exactly when some
    // high bit of the result is set; a borrow only flags bytes above a
    // flagged one, so the answer is exact per word.
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
    let mut run = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(eight) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_ne_bytes(eight);
        let special = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if special != 0 {
            break;
        }
        run += 8;
    }
    let rest = bytes.get(run..).unwrap_or_default();
    run + rest
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
        .unwrap_or(rest.len())
}

/// Whether a string literal has a `\u` escape of a surrogate that is not
/// a high one followed by a low one.
fn has_lone_surrogate(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let escape_at = |at: usize| -> Option<u32> {
        if bytes.get(at) != Some(&b'\\') || bytes.get(at + 1) != Some(&b'u') {
            return None;
        }
        u32::from_str_radix(raw.get(at + 2..at + 6)?, 16).ok()
    };
    let mut at = 0;
    while at < bytes.len() {
        match bytes.get(at..).and_then(|rest| memchr::memchr(b'\\', rest)) {
            Some(offset) => at += offset,
            None => return false,
        }
        match escape_at(at) {
            Some(0xd800..=0xdbff) => match escape_at(at + 6) {
                Some(0xdc00..=0xdfff) => at += 12,
                _ => return true,
            },
            Some(0xdc00..=0xdfff) => return true,
            Some(_) => at += 6,
            // Any other escape is two bytes.
            None => at += 2,
        }
    }
    false
}

/// A JSON string literal (with its quotes) decoded, with a map from
/// offsets in the decoded text back to offsets in the literal, so that a
/// line found in an issue body can be pointed at inside the one-line export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StringMap {
    pub text: String,
    /// Runs of decoded text and where they come from; sorted, contiguous.
    pieces: Vec<Piece>,
    /// Where the literal starts in the file (its opening quote).
    base: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    decoded: Span,
    /// Offsets in the literal.
    raw: Span,
    /// The raw bytes equal the decoded bytes (no escape).
    exact: bool,
}

impl StringMap {
    /// Decodes the string literal at `span` of `text`; `None` when it is not
    /// one (the caller then points at the whole literal).
    pub fn new(text: &str, span: &Span) -> Option<StringMap> {
        let raw = text.get(span.clone())?;
        let inner_end = raw.len().checked_sub(1)?;
        if !raw.starts_with('"') || !raw.ends_with('"') || inner_end < 1 {
            return None;
        }
        let mut map = StringMap {
            text: String::with_capacity(raw.len()),
            pieces: Vec::new(),
            base: span.start,
        };
        let bytes = raw.as_bytes();
        let mut at = 1;
        let mut run_start = 1;
        while at < inner_end {
            let Some(offset) = memchr::memchr(b'\\', bytes.get(at..inner_end)?) else {
                break;
            };
            at += offset;
            map.push_exact(raw.get(run_start..at)?, run_start..at);
            let (decoded, len) = decode_escape(raw.get(at..inner_end)?)?;
            let start = map.text.len();
            map.text.push(decoded);
            map.pieces.push(Piece {
                decoded: start..map.text.len(),
                raw: at..at + len,
                exact: false,
            });
            at += len;
            run_start = at;
        }
        map.push_exact(raw.get(run_start..inner_end)?, run_start..inner_end);
        Some(map)
    }

    fn push_exact(&mut self, run: &str, raw: Span) {
        if run.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(run);
        self.pieces.push(Piece {
            decoded: start..self.text.len(),
            raw,
            exact: true,
        });
    }

    /// The file span of a span of the decoded text.
    pub fn file_span(&self, span: &Span) -> Option<Span> {
        let start = self.position(span.start, false)?;
        let end = if span.end > span.start {
            self.position(span.end, true)?
        } else {
            start
        };
        Some(self.base + start..self.base + end.max(start))
    }

    /// An offset in the literal for a decoded offset: as a start, the piece
    /// that covers it; as an end, the piece that ends at or covers it.
    fn position(&self, at: usize, is_end: bool) -> Option<usize> {
        let index = if is_end {
            self.pieces.partition_point(|p| p.decoded.end < at)
        } else {
            self.pieces.partition_point(|p| p.decoded.end <= at)
        };
        let Some(piece) = self.pieces.get(index) else {
            // The end of the text: just before the closing quote.
            return (at == self.text.len()).then(|| self.pieces.last().map_or(1, |p| p.raw.end));
        };
        if piece.exact {
            Some(piece.raw.start + at.saturating_sub(piece.decoded.start))
        } else if is_end {
            Some(piece.raw.end)
        } else {
            Some(piece.raw.start)
        }
    }
}

/// One escape sequence at the start of `raw` (which starts with `\`): the
/// character and the length it takes. Surrogate pairs are one character.
fn decode_escape(raw: &str) -> Option<(char, usize)> {
    let bytes = raw.as_bytes();
    let simple = match bytes.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let high = u32::from_str_radix(raw.get(2..6)?, 16).ok()?;
            if (0xd800..0xdc00).contains(&high) {
                if raw.get(6..8)? != "\\u" {
                    return None;
                }
                let low = u32::from_str_radix(raw.get(8..12)?, 16).ok()?;
                if !(0xdc00..0xe000).contains(&low) {
                    return None;
                }
                let code = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                return Some((char::from_u32(code)?, 12));
            }
            return Some((char::from_u32(high)?, 6));
        }
        _ => return None,
    };
    Some((simple, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at<'a>(text: &'a str, span: &Span) -> &'a str {
        &text[span.clone()]
    }

    #[test]
    fn spans_of_values_keys_and_items() {
        let text = r#" [{"a": 1, "b": [true, null, "x\"y"], "c": {"d": -2.5e3}}, "é"] "#;
        let (tree, error) = scan(text, 0);
        assert_eq!(error, None);
        let root = 0;
        assert_eq!(tree.get(root).unwrap().kind, Kind::Array);
        assert_eq!(at(text, &tree.span(root)), text.trim());
        let items = tree.children(root);
        assert_eq!(items.len(), 2);
        let object = items[0];
        assert_eq!(
            at(text, &tree.span(object)),
            r#"{"a": 1, "b": [true, null, "x\"y"], "c": {"d": -2.5e3}}"#
        );
        let a = tree.member(text, object, "a").unwrap();
        assert_eq!(at(text, &tree.span(a)), "1");
        assert_eq!(at(text, &tree.member_span(a)), r#""a": 1"#);
        let b = tree.member(text, object, "b").unwrap();
        let b_items: Vec<&str> = tree
            .children(b)
            .iter()
            .map(|&i| at(text, &tree.span(i)))
            .collect();
        assert_eq!(b_items, ["true", "null", r#""x\"y""#]);
        let c = tree.member(text, object, "c").unwrap();
        let d = tree.member(text, c, "d").unwrap();
        assert_eq!(at(text, &tree.span(d)), "-2.5e3");
        assert_eq!(tree.get(d).unwrap().kind, Kind::Number);
        assert_eq!(at(text, &tree.span(items[1])), "\"é\"");
        assert_eq!(tree.member(text, object, "zz"), None);
        assert_eq!(tree.member(text, items[1], "a"), None);
    }

    #[test]
    fn escaped_keys_and_repeated_keys() {
        let text = r#"{"n\u0075mber": 1, "number": 2, "a\\b": 3}"#;
        let (tree, error) = scan(text, 0);
        assert_eq!(error, None);
        // The last of repeated keys wins, as in serde_json.
        let number = tree.member(text, 0, "number").unwrap();
        assert_eq!(at(text, &tree.span(number)), "2");
        let backslash = tree.member(text, 0, "a\\b").unwrap();
        assert_eq!(at(text, &tree.span(backslash)), "3");
    }

    #[test]
    fn strings_with_every_escape_and_surrogate_pairs() {
        let text =
            r#"["\"\\\/\b\f\n\r\t", "\ud83d\ude80 rocket", "\u00e9t\u00E9", "quote \" ] inside"]"#;
        let (tree, error) = scan(text, 0);
        assert_eq!(error, None);
        let items = tree.children(0);
        assert_eq!(items.len(), 4);
        assert_eq!(at(text, &tree.span(items[3])), r#""quote \" ] inside""#);
        let map = StringMap::new(text, &tree.span(items[1])).unwrap();
        assert_eq!(map.text, "🚀 rocket");
        let rocket = map.text.find("rocket").unwrap();
        let span = map.file_span(&(rocket..rocket + 6)).unwrap();
        assert_eq!(at(text, &span), "rocket");
        let emoji = map.file_span(&(0..'🚀'.len_utf8())).unwrap();
        assert_eq!(at(text, &emoji), r"\ud83d\ude80");
        let map = StringMap::new(text, &tree.span(items[2])).unwrap();
        assert_eq!(map.text, "été");
        let map = StringMap::new(text, &tree.span(items[0])).unwrap();
        assert_eq!(map.text, "\"\\/\u{8}\u{c}\n\r\t");
    }

    #[test]
    fn string_maps_point_lines_of_a_body_into_the_literal() {
        let text = r#"{"body": "Intro\n\nGoal: G-107\r\n- [ ] ship \"it\""}"#;
        let (tree, _) = scan(text, 0);
        let body = tree.member(text, 0, "body").unwrap();
        let map = StringMap::new(text, &tree.span(body)).unwrap();
        assert_eq!(map.text, "Intro\n\nGoal: G-107\r\n- [ ] ship \"it\"");
        let find = |needle: &str| {
            let start = map.text.find(needle).unwrap();
            map.file_span(&(start..start + needle.len())).unwrap()
        };
        assert_eq!(at(text, &find("Goal: G-107")), "Goal: G-107");
        assert_eq!(at(text, &find("- [ ] ship \"it\"")), r#"- [ ] ship \"it\""#);
        assert_eq!(at(text, &find("\n\nGoal")), r"\n\nGoal");
        let end = map.text.len();
        assert_eq!(
            map.file_span(&(end..end)).unwrap(),
            text.len() - 2..text.len() - 2
        );
    }

    #[test]
    fn an_empty_string_maps_nothing() {
        let text = r#""""#;
        let map = StringMap::new(text, &(0..2)).unwrap();
        assert_eq!(map.text, "");
        assert_eq!(map.file_span(&(0..0)), Some(1..1));
        assert_eq!(StringMap::new(text, &(0..1)), None);
        assert_eq!(StringMap::new("12", &(0..2)), None);
    }

    #[test]
    fn a_span_scans_alone_only_when_it_is_one_whole_value() {
        let text = r#"[{"a": [1, "]"]} , 2 ,"x\"]" ]"#;
        let (spans, rest) = split_items(text, 0, usize::MAX).unwrap();
        assert_eq!(rest, None);
        let items: Vec<&str> = spans.iter().map(|span| &text[span.clone()]).collect();
        assert_eq!(items, [r#"{"a": [1, "]"]}"#, "2", r#""x\"]""#]);
        for span in &spans {
            assert_eq!(scan_span(text, span).unwrap().span(0), *span);
        }
        // Whitespace around the value, two values.
        for (text, span) in [("1 ", 0..2), (" 1", 0..2), ("[1] [2]", 0..7)] {
            assert_eq!(scan_span(text, &span), None, "{text:?} {span:?}");
        }
        for text in ["[1,]", "[1 2]", "[1] x", "{}", "[", "[,1]", "[1]]"] {
            let valid = split_items(text, 0, usize::MAX).and_then(|(spans, _)| {
                spans
                    .iter()
                    .map(|span| scan_span(text, span))
                    .collect::<Option<Vec<_>>>()
            });
            assert_eq!(valid, None, "{text:?}");
        }
    }

    #[test]
    fn a_split_stops_at_its_limit_and_says_where_the_next_item_starts() {
        let text = r#"[1, {"a": 2} ,[3] , oops"#;
        let (spans, rest) = split_items(text, 0, 2).unwrap();
        assert_eq!(spans, [1..2, 4..12]);
        assert_eq!(rest, Some(14));
        // What lies past the limit is not looked at; within it, it is.
        assert_eq!(
            split_items(text, 0, 3).map(|(_, rest)| rest),
            Some(Some(20))
        );
        assert_eq!(split_items(text, 0, 4), None);
        assert_eq!(split_items("[1, 2]", 0, 2), Some((vec![1..2, 4..5], None)));
    }

    #[test]
    fn truncation_keeps_the_complete_values() {
        let text = r#"[{"number": 1}, {"number": 2}, {"number": 3, "title": "cut"#;
        let (tree, error) = scan(text, 0);
        let error = error.unwrap();
        assert!(error.eof, "{error:?}");
        assert_eq!(error.at, text.len());
        let items = tree.children(0);
        assert_eq!(items.len(), 3);
        assert!(tree.get(items[0]).unwrap().complete);
        assert!(tree.get(items[1]).unwrap().complete);
        let last = tree.get(items[2]).unwrap();
        assert!(!last.complete);
        assert_eq!(at(text, &last.span), r#"{"number": 3, "title": "cut"#);
        assert!(tree.member(text, items[2], "number").is_some());
        assert!(!tree.get(0).unwrap().complete);
    }

    #[test]
    fn syntax_errors_say_where() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "expected a JSON value"),
            ("[1,]", 3, "expected a value"),
            ("[1 2]", 3, "expected `,` or `]`"),
            ("{\"a\" 1}", 5, "expected `:`"),
            ("{a: 1}", 1, "expected a key"),
            ("{\"a\": 1,}", 8, "expected a key"),
            ("[01]", 1, "invalid number"),
            ("[1.]", 3, "decimal point"),
            ("[tru]", 1, "expected `true`"),
            ("[\"a\\x\"]", 3, "invalid escape"),
            ("[\"\\u12g4\"]", 2, "four hexadecimal"),
            ("[\"a\nb\"]", 3, "control character"),
            ("[] []", 3, "after the end"),
            ("[\"abc", 5, "ends inside a string"),
        ];
        for (text, position, message) in cases {
            let (_, error) = scan(text, 0);
            let error = error.unwrap_or_else(|| panic!("{text:?} scanned"));
            assert_eq!(error.at, *position, "{text:?}: {error:?}");
            assert!(error.message.contains(message), "{text:?}: {error:?}");
        }
    }

    #[test]
    fn deep_nesting_uses_no_stack() {
        let text = "[".repeat(200_000) + &"]".repeat(200_000);
        let (tree, error) = scan(&text, 0);
        assert_eq!(error, None);
        assert_eq!(tree.nodes.len(), 200_000);
    }

    #[test]
    fn a_start_offset_is_respected() {
        let text = "xx[1]";
        let (tree, error) = scan(text, 2);
        assert_eq!(error, None);
        assert_eq!(tree.span(0), 2..5);
    }

    #[test]
    fn item_scans_record_two_levels_and_each_item_on_its_own() {
        let text = r#"x [{"a": [1, {"b": 2}]}, "s", [[3]]] "#;
        let (items, error) = scan_items(text, 2);
        assert_eq!(error, None);
        assert_eq!(items.nodes.len(), 4);
        assert_eq!(
            at(text, &items.span(0)),
            r#"[{"a": [1, {"b": 2}]}, "s", [[3]]]"#
        );
        let spans: Vec<&str> = items
            .children(0)
            .iter()
            .map(|&i| at(text, &items.span(i)))
            .collect();
        assert_eq!(spans, [r#"{"a": [1, {"b": 2}]}"#, r#""s""#, "[[3]]"]);
        let first = scan_item(text, items.get(items.children(0)[0]).unwrap());
        assert_eq!(first.nodes.len(), 5);
        let a = first.member(text, 0, "a").unwrap();
        let b = first.member(text, first.children(a)[1], "b").unwrap();
        assert_eq!(at(text, &first.span(b)), "2");
        assert_eq!(first.span(b), 19..20);
    }

    #[test]
    fn item_scans_report_errors_below_the_items_as_the_whole_scan_does() {
        for text in [
            r#"[{"a": [1, {"b": tru}]}]"#,
            r#"[{"a": "\x"}, 1]"#,
            r#"[{"a": [[[[1]]]], "b"}]"#,
            "[{\"a\": {\"b\": [1, 2",
        ] {
            let (whole, whole_error) = scan(text, 0);
            let (items, items_error) = scan_items(text, 0);
            assert_eq!(items_error, whole_error, "{text}");
            assert!(items_error.is_some());
            let item = items.get(items.children(0)[0]).unwrap();
            assert!(!item.complete);
            assert_eq!(
                shape(text, &scan_item(text, item), 0),
                shape(text, &whole, whole.children(0)[0])
            );
        }
    }

    #[test]
    fn children_of_every_container_share_one_list() {
        let (tree, _) = scan(r#"[[1, 2], {"a": [3]}, []]"#, 0);
        assert_eq!(tree.children.len(), tree.nodes.len() - 1);
        assert_eq!(tree.children(0).len(), 3);
        assert_eq!(tree.children(tree.children(0)[2]), &[] as &[usize]);
    }

    #[test]
    fn serde_may_reject_lone_surrogates_huge_numbers_and_deep_nesting() {
        let rejects = |text: &str| {
            let (tree, error) = scan(text, 0);
            assert_eq!(error, None, "{text}");
            serde_may_reject(text, &tree.nodes)
        };
        for text in [
            r#"["\ud800"]"#,
            r#"["a\udc00"]"#,
            r#"["\ud800\u0041"]"#,
            r#"{"\ud800": 1}"#,
            "[1e309]",
            "[-1e400]",
            &format!("[{}]", "9".repeat(400)),
            &("[".repeat(100) + &"]".repeat(100)),
        ] {
            assert!(rejects(text), "{text}");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err() || text.starts_with("[[[")
            );
        }
        for text in [
            r#"["\ud83d\ude80", "\\ud800", "\u0041"]"#,
            "[1e300, -5, 18446744073709551616, 0.5]",
            &("[".repeat(99) + &"]".repeat(99)),
        ] {
            assert!(!rejects(text), "{text}");
            assert!(serde_json::from_str::<serde_json::Value>(text).is_ok());
        }
    }

    #[test]
    fn integers_are_what_serde_json_reads_as_integers() {
        let text = "[0, 12, -7, -0, 1.0, 1e2, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809, \"1\"]";
        let (tree, _) = scan(text, 0);
        let found: Vec<Option<&str>> = tree
            .children(0)
            .iter()
            .map(|&i| tree.integer(text, i))
            .collect();
        let values: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
        let expected: Vec<Option<String>> = values
            .iter()
            .map(|v| {
                v.as_number()
                    .filter(|n| n.is_i64() || n.is_u64())
                    .map(|n| n.to_string())
            })
            .collect();
        assert_eq!(
            found
                .iter()
                .map(|f| f.map(str::to_string))
                .collect::<Vec<_>>(),
            expected
        );
        assert_eq!(found[..4], [Some("0"), Some("12"), Some("-7"), None]);
    }

    /// A node and its values, depth first, without the tree's layout.
    fn shape(
        text: &str,
        tree: &Tree,
        index: usize,
    ) -> Vec<(Kind, String, Option<String>, bool, usize)> {
        let mut out = Vec::new();
        let mut stack = vec![index];
        while let Some(index) = stack.pop() {
            let node = tree.get(index).unwrap();
            let key = node.key.as_ref().map(|k| at(text, k).to_string());
            let children = tree.children(index);
            out.push((
                node.kind,
                at(text, &node.span).to_string(),
                key,
                node.complete,
                children.len(),
            ));
            stack.extend(children.iter().rev());
        }
        out
    }

    /// An array of arbitrary values, then cut short or with one character
    /// changed: the shape of an export, valid or not.
    fn json_ish_array() -> impl Strategy<Value = String> {
        (
            proptest::collection::vec(json_value(), 0..5),
            any::<bool>(),
            any::<proptest::sample::Index>(),
            proptest::option::of(proptest::sample::select(vec![
                '"', '\\', '{', '}', '[', ']', ',', ':', '1', 'x', '\n', 'é',
            ])),
        )
            .prop_map(|(items, pretty, cut, replace)| {
                let value = serde_json::Value::Array(items);
                let text = if pretty {
                    serde_json::to_string_pretty(&value).unwrap()
                } else {
                    serde_json::to_string(&value).unwrap()
                };
                let mut chars: Vec<char> = text.chars().collect();
                let at = cut.index(chars.len() + 1);
                match replace {
                    Some(c) if at < chars.len() => chars[at] = c,
                    Some(_) => {}
                    None => chars.truncate(at),
                }
                chars.into_iter().collect()
            })
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| serde_json::json!(f)),
            any::<String>().prop_map(serde_json::Value::String),
            "[\"\\\\a-z\u{e9}\u{1f680}\u{0}-\u{1f} ]{0,8}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Every node's span holds exactly the value serde_json reads there.
    fn check_tree(text: &str, tree: &Tree, index: usize, expected: &serde_json::Value) {
        let node = tree.get(index).unwrap();
        let slice = &text[node.span.clone()];
        let parsed: serde_json::Value = serde_json::from_str(slice).unwrap();
        assert_eq!(&parsed, expected);
        match expected {
            serde_json::Value::Array(items) => {
                assert_eq!(tree.children(index).len(), items.len());
                for (child, item) in tree.children(index).iter().zip(items) {
                    check_tree(text, tree, *child, item);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    let child = tree.member(text, index, key).unwrap();
                    check_tree(text, tree, child, value);
                }
            }
            serde_json::Value::String(s) => {
                let map = StringMap::new(text, &node.span).unwrap();
                assert_eq!(&map.text, s);
            }
            _ => {}
        }
    }

    proptest! {
        /// The byte-for-byte shortcut answers what decoding answers, for
        /// keys written with and without escapes.
        #[test]
        fn key_comparison_equals_decoding(
            key in "[a-z\\\\\"é\n]{0,8}",
            name in "[a-z\\\\\"é\n]{0,8}",
            escape_all in any::<bool>(),
        ) {
            let literal = if escape_all {
                let escaped: String = key.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
                format!("\"{escaped}\"")
            } else {
                serde_json::to_string(&key).unwrap()
            };
            let text = format!("{{{literal}: 1}}");
            let span = 1..1 + literal.len();
            let decoded = decode_string(&text, &span).is_some_and(|decoded| decoded == name);
            prop_assert_eq!(key_is(&text, &span, &name), decoded);
            prop_assert!(key_is(&text, &span, &key));
        }

        #[test]
        fn spans_agree_with_serde_json(value in json_value(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let (tree, error) = scan(&text, 0);
            prop_assert_eq!(error, None);
            check_tree(&text, &tree, 0, &value);
        }

        #[test]
        fn never_panics_and_spans_stay_inside(text in "[\\[\\]{}\",:\\\\0-9a-z.eE+\\- \n\u{e9}]{0,80}") {
            let (tree, error) = scan(&text, 0);
            for node in &tree.nodes {
                prop_assert!(text.get(node.span.clone()).is_some(), "{:?}", node);
                if let Some(key) = &node.key {
                    prop_assert!(text.get(key.clone()).is_some());
                }
                if node.kind == Kind::String && node.complete {
                    if let Some(map) = StringMap::new(&text, &node.span) {
                        for end in 0..=map.text.len() {
                            if map.text.is_char_boundary(end) {
                                let span = map.file_span(&(0..end)).unwrap();
                                prop_assert!(text.get(span).is_some());
                            }
                        }
                    }
                }
            }
            if let Some(error) = error {
                prop_assert!(error.at <= text.len());
            }
        }

        #[test]
        fn items_then_each_item_alone_give_the_whole_scan(
            text in prop_oneof![json_ish_array(), "[\\[\\]{}\",:\\\\0-9a-z.eE+\\- \n\u{e9}\u{1f680}]{0,80}", "\\PC{0,40}"]
        ) {
            let (whole, whole_error) = scan(&text, 0);
            let (items, items_error) = scan_items(&text, 0);
            prop_assert_eq!(items_error, whole_error);
            prop_assert_eq!(items.nodes.is_empty(), whole.nodes.is_empty());
            if let (Some(root), Some(whole_root)) = (items.get(0), whole.get(0)) {
                prop_assert_eq!((root.kind, &root.span, root.complete), (whole_root.kind, &whole_root.span, whole_root.complete));
                prop_assert_eq!(items.children(0).len(), whole.children(0).len());
                for (&item, &whole_item) in items.children(0).iter().zip(whole.children(0)) {
                    let node = items.get(item).unwrap();
                    prop_assert_eq!(node.key.clone(), whole.get(whole_item).unwrap().key.clone());
                    let element = scan_item(&text, node);
                    let expected = shape(&text, &whole, whole_item);
                    let mut found = shape(&text, &element, 0);
                    // The item's key belongs to the document, not to the item alone.
                    if let (Some(first), Some(whole_first)) = (found.first_mut(), expected.first()) {
                        first.2.clone_from(&whole_first.2);
                    }
                    prop_assert_eq!(found, expected);
                }
            }
        }

        /// Split at its brackets, each item scanned alone, an array gives
        /// the items the validating scan gives, and the split holds
        /// exactly when the whole text is a valid array.
        #[test]
        fn split_items_scanned_alone_are_the_items_of_a_valid_array(
            text in prop_oneof![json_ish_array(), "[\\[\\]{}\",:\\\\0-9a-z.eE+\\- \n\u{e9}\u{1f680}]{0,80}", "\\PC{0,40}"]
        ) {
            let (items, error) = scan_items(&text, 0);
            let valid_array =
                error.is_none() && items.get(0).is_some_and(|root| root.kind == Kind::Array);
            let fast = split_items(&text, 0, usize::MAX).and_then(|(spans, _)| {
                spans
                    .iter()
                    .map(|span| scan_span(&text, span))
                    .collect::<Option<Vec<Tree>>>()
            });
            prop_assert_eq!(fast.is_some(), valid_array, "{:?}", text);
            if let Some(trees) = fast {
                let children = items.children(0);
                prop_assert_eq!(trees.len(), children.len());
                for (tree, &item) in trees.iter().zip(children) {
                    prop_assert_eq!(tree, &scan_item(&text, items.get(item).unwrap()));
                }
            }
        }

        /// The eight-bytes-at-a-time skip stops where a byte-at-a-time
        /// scan stops, from every alignment.
        #[test]
        fn plain_run_stops_at_the_first_quote_backslash_or_control(
            text in prop_oneof!["(\\PC|[\"\\\\\u{0}-\u{1f}\u{7f}-\u{9f}]){0,60}", any::<String>()]
        ) {
            let bytes = text.as_bytes();
            for start in 0..bytes.len().min(9) {
                let rest = &bytes[start..];
                let expected = rest
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                    .unwrap_or(rest.len());
                prop_assert_eq!(plain_run(rest), expected);
            }
        }

        /// A literal has a lone surrogate exactly when serde_json refuses it.
        #[test]
        fn lone_surrogates_are_what_serde_json_refuses(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud83d\\ude80",
                    "\\u0041", "\\n", "\\\\", "\\\"", "a", "é", "🚀",
                ]),
                0..10,
            )
        ) {
            let literal = format!("\"{}\"", pieces.concat());
            prop_assert_eq!(
                has_lone_surrogate(&literal),
                serde_json::from_str::<String>(&literal).is_err(),
                "{}",
                literal
            );
        }

        /// Never no where serde_json says no: documents of strings and keys
        /// with surrogate escapes (lone, paired, after an escaped
        /// backslash), other escapes and any Unicode, at any depth.
        #[test]
        fn serde_may_reject_whatever_serde_json_rejects(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("\\ud800".to_string()),
                    Just("\\udc00".to_string()),
                    Just("\\ud83d\\ude80".to_string()),
                    Just("\\\\u".to_string()),
                    Just("\\u0041".to_string()),
                    Just("\\n".to_string()),
                    "[a-zé日🚀 ]{0,4}",
                ],
                0..8,
            ),
            layout in 0..4usize,
        ) {
            let literal = format!("\"{}\"", pieces.concat());
            let text = match layout {
                0 => format!("[{literal}]"),
                1 => format!("{{{literal}: 1}}"),
                2 => format!("{{\"a\": [1, {{\"b\": {literal}}}]}}"),
                _ => format!("[{{{literal}: [{literal}]}}, 2]"),
            };
            let (tree, error) = scan(&text, 0);
            prop_assert_eq!(error, None, "{}", text);
            if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                prop_assert!(serde_may_reject(&text, &tree.nodes), "{}", text);
            }
        }

        #[test]
        fn accepts_exactly_what_serde_json_accepts_structurally(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let text = String::from_utf8_lossy(&bytes);
            let (_, error) = scan(&text, 0);
            if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
                prop_assert_eq!(error, None);
            }
        }
    }
}
