//! Table mode: one entity per row of a document's Markdown tables, its
//! cells the fields named by their column headers.

use super::fields;
use super::fields::FieldNames;
use super::labelled::clean_label;
use super::problems::MAX_FILE_ENTITIES;
use crate::diagnostic::{EntityKind, Span};
use crate::model::{CompactString, Field, Fields, Origin, Record, Value, Values};
use crate::parse::markdown::Block;
use crate::parse::normalize_name;

/// A row cut out of a table, with its cells for `column` origins.
pub(crate) struct Row {
    pub record: Record,
    /// Index of the row's block.
    pub block: usize,
    /// (normalised header, the cell's values, the cell's span).
    pub cells: Vec<(CompactString, Values, Span)>,
}

/// The rows of every table that has all the `columns` (normalised header
/// names) and whose header block index `wanted` accepts (tables under a
/// matching heading). A row's title is its first cell; its fields are its
/// cells by header name (through the aliases).
pub(crate) fn rows(
    blocks: &[Block],
    kind: EntityKind,
    options: &FieldNames,
    columns: &[String],
    wanted: impl Fn(usize) -> bool,
) -> Vec<Row> {
    let mut rows = Vec::new();
    // Each header's normalised and canonical names, found once per table,
    // not once per row.
    let mut headers: Vec<(CompactString, CompactString)> = Vec::new();
    let mut in_table = false;
    for (index, block) in blocks.iter().enumerate() {
        let Block::Row {
            cells,
            header,
            span,
        } = block
        else {
            in_table = false;
            continue;
        };
        if *header {
            headers = cells
                .iter()
                .map(|c| {
                    let label = clean_label(c.text());
                    (normalize_name(&label), options.canonical(&label))
                })
                .collect();
            let has_columns = columns
                .iter()
                .all(|column| headers.iter().any(|(h, _)| h == column));
            in_table = has_columns && wanted(index);
            continue;
        }
        // A row of empty cells holds no entity: it is a table kept with a
        // blank row while nothing is in it (a "Completed" table).
        if !in_table || cells.iter().all(|cell| cell.text().trim().is_empty()) {
            continue;
        }
        let mut row_cells = Vec::with_capacity(cells.len());
        let mut fields = Fields::new();
        let mut title = None;
        for (cell, (header, name)) in cells.iter().zip(&headers) {
            let whole = cell.whole();
            if title.is_none() && row_cells.is_empty() {
                title = whole.as_ref().map(|text| text.text.clone());
            }
            let cell_span = whole.map_or_else(|| span.clone(), |text| text.span);
            // A cell of several lines (`Ana<br>Ben`) holds a value a line.
            let values: Values = cell
                .lines()
                .into_iter()
                .filter_map(|line| cell.value(line))
                .map(Value::from)
                .collect();
            row_cells.push((header.clone(), values.clone(), cell_span.clone()));
            if !name.is_empty() {
                fields::merge(
                    &mut fields,
                    name.clone(),
                    Field::new(Origin::Column, cell_span, values),
                );
            }
        }
        rows.push(Row {
            record: Record {
                kind,
                span: span.clone(),
                anchor: span.clone(),
                title,
                fields,
            },
            block: index,
            cells: row_cells,
        });
        // One past the most a file holds: the caller reports where the rest start.
        if rows.len() > MAX_FILE_ENTITIES {
            break;
        }
    }
    rows
}
