//! CSV and TSV text → [`Node`]: a spreadsheet saved beside the plan. The
//! first row names the columns; every other row is a map from those names
//! to its cells, each with its byte span in the file (inside the quotes of
//! a quoted cell), which is also the span of the cell's key. RFC 4180 quoting: a quoted cell may hold the
//! delimiter, line breaks and `""` for a quote.

use super::node::{Node, NodeKind};
use super::Problem;
use crate::diagnostic::Span;

/// The most cells a sheet may have: as many values as a YAML file may
/// (serde-saphyr's budget). Each cell becomes a field of its row's entity,
/// a hundred bytes or so, where it took two bytes of the file.
const MAX_CELLS: usize = 250_000;

/// One cell as read: its text (unquoted) and where that text is.
struct Cell {
    text: String,
    span: Span,
}

/// Parses `text` (which starts at byte `base` of the file) into a list of
/// row maps. `tab` reads tab-separated values; otherwise the delimiter is
/// `,`, or `;` when the header row has more of those (a spreadsheet saved
/// where the comma is the decimal mark).
pub(crate) fn parse(text: &str, base: usize, tab: bool) -> Result<Node, Problem> {
    parse_with_columns(text, base, tab, &[])
}

/// [`parse`] of a sheet with no header row: `columns` name its columns,
/// in order, and its first row is data (each name placed where the sheet
/// starts). With no names, the first row is the header, as in [`parse`].
pub(crate) fn parse_with_columns(
    text: &str,
    base: usize,
    tab: bool,
    columns: &[String],
) -> Result<Node, Problem> {
    let delimiter = match tab {
        true => b'\t',
        false => guess_delimiter(text),
    };
    let mut rows = Rows {
        text,
        at: 0,
        base,
        delimiter,
    };
    let mut header: Option<Vec<Cell>> = (!columns.is_empty()).then(|| {
        (columns.iter())
            .map(|name| Cell {
                text: name.clone(),
                span: base..base,
            })
            .collect()
    });
    let mut items = Vec::new();
    let mut cells_read = 0usize;
    while let Some(row) = rows.next_row()? {
        let (cells, span) = row;
        cells_read = cells_read.saturating_add(cells.len());
        if cells_read > MAX_CELLS {
            return Err(Problem {
                message: format!("the sheet has more than {MAX_CELLS} cells"),
                span: span.start..span.start,
                help: Some("planning sheets are small: split this one, or leave it out of the source's `paths`".into()),
            });
        }
        if cells.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        let Some(names) = &header else {
            header = Some(cells);
            continue;
        };
        let entries = names
            .iter()
            .zip(cells)
            .filter(|(name, _)| !name.text.trim().is_empty())
            .map(|(name, cell)| {
                let value = match cell.text.trim().is_empty() {
                    true => NodeKind::Null,
                    false => NodeKind::Scalar(cell.text),
                };
                // The key is placed at the row's own cell: an entity and
                // its fields are on their row's line, not the header's.
                let node = Node {
                    kind: value,
                    span: cell.span.clone(),
                };
                (name.text.trim().to_string(), cell.span, node)
            })
            .collect();
        items.push(Node {
            kind: NodeKind::Map(entries),
            span,
        });
    }
    Ok(Node {
        kind: NodeKind::List(items),
        span: base..base.saturating_add(text.len()),
    })
}

/// `;` when the first line has more semicolons than commas, else `,`.
fn guess_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// The rows of a CSV text, read one at a time.
struct Rows<'t> {
    text: &'t str,
    /// The byte where the next row starts.
    at: usize,
    base: usize,
    delimiter: u8,
}

impl Rows<'_> {
    /// The next row's cells and its span, `None` at the end.
    fn next_row(&mut self) -> Result<Option<(Vec<Cell>, Span)>, Problem> {
        let bytes = self.text.as_bytes();
        if self.at >= bytes.len() {
            return Ok(None);
        }
        let start = self.at;
        let mut cells = Vec::new();
        loop {
            let (cell, end) = self.cell()?;
            cells.push(cell);
            match bytes.get(end) {
                Some(&b) if b == self.delimiter => self.at = end + 1,
                Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => {
                    self.at = end + 2;
                    break;
                }
                Some(b'\n' | b'\r') => {
                    self.at = end + 1;
                    break;
                }
                _ => {
                    self.at = end.max(bytes.len());
                    break;
                }
            }
        }
        let end = self.at;
        Ok(Some((cells, self.shift(start..end))))
    }

    /// The cell starting at `self.at` and the byte just after it (a
    /// delimiter, a line break or the end).
    fn cell(&self) -> Result<(Cell, usize), Problem> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        if bytes.get(start) != Some(&b'"') {
            let end = self.cell_end(start);
            let text = self.text.get(start..end).unwrap_or("").to_string();
            return Ok((
                Cell {
                    text,
                    span: self.shift(start..end),
                },
                end,
            ));
        }
        // Quoted: up to the quote that is not doubled.
        let inner = start + 1;
        let mut text = String::new();
        let mut piece = inner;
        let mut i = inner;
        while i < bytes.len() {
            if bytes.get(i) == Some(&b'"') {
                text.push_str(self.text.get(piece..i).unwrap_or(""));
                if bytes.get(i + 1) == Some(&b'"') {
                    text.push('"');
                    i += 2;
                    piece = i;
                    continue;
                }
                // Anything between the closing quote and the delimiter is
                // kept out of the cell, as spreadsheets do.
                let after = self.cell_end(i + 1);
                return Ok((
                    Cell {
                        text,
                        span: self.shift(inner..i),
                    },
                    after,
                ));
            }
            i += 1;
        }
        Err(Problem {
            message: "a quoted cell is never closed".into(),
            span: self.shift(start..start + 1),
            help: Some("close the cell with `\"`, and write a quote inside it as `\"\"`".into()),
        })
    }

    /// Where the cell going on at `from` ends: at the next delimiter or
    /// line break, or the end of the text.
    fn cell_end(&self, from: usize) -> usize {
        let bytes = self.text.as_bytes();
        let rest = bytes.get(from..).unwrap_or_default();
        let ends = |b: &u8| *b == self.delimiter || matches!(b, b'\n' | b'\r');
        rest.iter()
            .position(ends)
            .map_or(bytes.len(), |at| from + at)
    }

    fn shift(&self, span: Span) -> Span {
        self.base.saturating_add(span.start)..self.base.saturating_add(span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each row as (column, cell text, the file's text at the cell's span).
    fn rows(text: &str) -> Vec<Vec<(String, String, String)>> {
        let node = parse(text, 0, false).expect("parses");
        let NodeKind::List(items) = node.kind else {
            panic!("a list")
        };
        items
            .into_iter()
            .map(|item| {
                let NodeKind::Map(entries) = item.kind else {
                    panic!("a map")
                };
                entries
                    .into_iter()
                    .map(|(key, _, value)| {
                        let cell = match value.kind {
                            NodeKind::Scalar(s) => s,
                            _ => String::new(),
                        };
                        (key, cell, text[value.span].to_string())
                    })
                    .collect()
            })
            .collect()
    }

    fn cell(key: &str, text: &str, at: &str) -> (String, String, String) {
        (key.into(), text.into(), at.into())
    }

    /// A sheet with no header row, its columns named by the source: every
    /// row is data, the first one too; a row longer than the names keeps
    /// only the named cells.
    #[test]
    fn named_columns_make_the_first_row_data() {
        let text = "\n\nG-1,Launch Zoë's mainnet,Open,extra\nG-2,Audit,Closed\n";
        let names: Vec<String> = ["id", "title", "status"].map(String::from).to_vec();
        let node = parse_with_columns(text, 0, false, &names).expect("parses");
        let NodeKind::List(items) = node.kind else {
            panic!("a list")
        };
        assert_eq!(items.len(), 2);
        let NodeKind::Map(first) = &items[0].kind else {
            panic!("a map")
        };
        let keys: Vec<&str> = first.iter().map(|(key, _, _)| key.as_str()).collect();
        assert_eq!(keys, ["id", "title", "status"]);
        assert_eq!(&text[first[1].2.span.clone()], "Launch Zoë's mainnet");
    }

    #[test]
    fn rows_are_maps_of_the_header_and_cells_point_into_the_file() {
        let text = "Objective,Owner,Status\r\nFaster builds,@ana,On track\r\n\"Search, at last\",\"Bo \"\"B\"\" Li\",\n\n";
        assert_eq!(
            rows(text),
            [
                vec![
                    cell("Objective", "Faster builds", "Faster builds"),
                    cell("Owner", "@ana", "@ana"),
                    cell("Status", "On track", "On track"),
                ],
                vec![
                    cell("Objective", "Search, at last", "Search, at last"),
                    cell("Owner", "Bo \"B\" Li", "Bo \"\"B\"\" Li"),
                    cell("Status", "", ""),
                ],
            ]
        );
    }

    #[test]
    fn semicolons_tabs_and_line_breaks_in_quotes() {
        assert_eq!(
            rows("Goal;Owner\nA;@a\n"),
            [vec![cell("Goal", "A", "A"), cell("Owner", "@a", "@a")]]
        );
        let node = parse("Goal\tOwner\nA, B\t@a\n", 0, true).expect("tsv");
        let NodeKind::List(items) = node.kind else {
            panic!("a list")
        };
        assert_eq!(items.len(), 1);
        assert_eq!(
            rows("Goal,Why\nA,\"two\nlines\"\n"),
            [vec![
                cell("Goal", "A", "A"),
                cell("Why", "two\nlines", "two\nlines")
            ]]
        );
    }

    #[test]
    fn a_sheet_of_more_cells_than_the_budget_is_a_problem() {
        let row = "a,b,c,d\n";
        let text = row.repeat(MAX_CELLS / 4 + 1);
        let problem = parse(&text, 0, false).expect_err("too many cells");
        assert!(
            problem.message.contains("more than 250000 cells"),
            "{}",
            problem.message
        );
        assert_eq!(problem.span.start, MAX_CELLS / 4 * row.len());
        assert!(parse(&row.repeat(MAX_CELLS / 4), 0, false).is_ok());
    }

    #[test]
    fn an_unclosed_quote_is_a_problem_at_the_quote() {
        let problem = parse("Goal,Owner\n\"A,@a\n", 10, false).expect_err("unclosed");
        assert_eq!(problem.span, 21..22);
        assert!(problem.message.contains("never closed"));
    }

    proptest! {
        /// Any text parses or fails without a panic, and every cell's span
        /// is inside the text, on character boundaries.
        #[test]
        fn any_text_reads_with_spans_inside_it(text in "\\PC{0,80}|[\",;\\n\\r\\ta-z\u{e9}\u{202e}]{0,60}") {
            if let Ok(node) = parse(&text, 0, false) {
                let NodeKind::List(items) = node.kind else { panic!("a list") };
                for item in items {
                    let NodeKind::Map(entries) = item.kind else { panic!("a map") };
                    for (_, key_span, value) in entries {
                        prop_assert!(text.get(key_span).is_some());
                        prop_assert!(text.get(value.span).is_some());
                    }
                }
            }
        }
    }
}
