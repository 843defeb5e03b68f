//! The output side of the formatter: an indenting line writer and the column-aligned table that
//! block members are laid out in.

/// Spaces per indentation level (`prisma format` uses 2).
const INDENT_WIDTH: usize = 2;

/// Writes lines, indenting the first text written on each line.
pub(crate) struct Renderer {
    pub(crate) out: String,
    indent: usize,
}

impl Renderer {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Renderer { out: String::with_capacity(capacity), indent: 0 }
    }

    pub(crate) fn indent_up(&mut self) {
        self.indent += 1;
    }

    pub(crate) fn indent_down(&mut self) {
        self.indent = self.indent.saturating_sub(1);
    }

    /// Appends text; at the start of a line, the current indentation comes first.
    pub(crate) fn write(&mut self, text: &str) {
        if self.out.is_empty() || self.out.ends_with('\n') {
            for _ in 0..self.indent * INDENT_WIDTH {
                self.out.push(' ');
            }
        }
        self.out.push_str(text);
    }

    pub(crate) fn end_line(&mut self) {
        self.out.push('\n');
    }
}

/// One line of a table.
enum Row {
    /// Cells aligned in columns, then free text (a trailing comment) that does not influence the layout.
    Cells(Vec<String>, String),
    /// A line printed as it is (an unparseable member).
    Verbatim(String),
}

/// Consecutive lines whose cells are aligned in columns. Widths are measured in bytes, as Prisma does.
#[derive(Default)]
pub(crate) struct Table {
    rows: Vec<Row>,
}

impl Table {
    pub(crate) fn new_row(&mut self) {
        self.rows.push(Row::Cells(Vec::new(), String::new()));
    }

    /// The cell at `column` of the current row. Earlier missing cells become empty; later cells are
    /// dropped (a writer always moves left to right).
    pub(crate) fn cell(&mut self, column: usize) -> &mut String {
        if !matches!(self.rows.last(), Some(Row::Cells(..))) {
            self.new_row();
        }
        match self.rows.last_mut() {
            Some(Row::Cells(cells, _)) => {
                cells.resize(column + 1, String::new());
                &mut cells[column]
            }
            _ => unreachable!("a cell row was just pushed"),
        }
    }

    /// Appends free text after the cells of the current row.
    pub(crate) fn suffix(&mut self, text: &str) {
        if !matches!(self.rows.last(), Some(Row::Cells(..))) {
            self.new_row();
        }
        if let Some(Row::Cells(_, suffix)) = self.rows.last_mut() {
            suffix.push_str(text);
        }
    }

    pub(crate) fn verbatim(&mut self, text: &str) {
        self.rows.push(Row::Verbatim(text.to_string()));
    }

    /// Writes the rows and empties the table.
    pub(crate) fn render(&mut self, target: &mut Renderer) {
        let mut widths: Vec<usize> = Vec::new();
        for row in &mut self.rows {
            if let Row::Cells(cells, _) = row {
                while cells.last().is_some_and(|c| c.is_empty()) {
                    cells.pop();
                }
                if widths.len() < cells.len() {
                    widths.resize(cells.len(), 0);
                }
                for (w, c) in widths.iter_mut().zip(cells.iter()) {
                    *w = (*w).max(c.len());
                }
            }
        }
        for row in self.rows.drain(..) {
            match row {
                Row::Cells(cells, suffix) => {
                    let last = cells.len().saturating_sub(1);
                    for (i, cell) in cells.iter().enumerate() {
                        target.write(cell);
                        if i != last {
                            let pad = widths[i] - cell.len() + 1;
                            for _ in 0..pad {
                                target.out.push(' ');
                            }
                        }
                    }
                    if !suffix.is_empty() {
                        if !cells.is_empty() {
                            target.write(" ");
                        }
                        target.write(&suffix);
                    }
                }
                Row::Verbatim(text) => target.write(&text),
            }
            target.end_line();
        }
    }
}
