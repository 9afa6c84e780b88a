//! The text on a terminal's screen, rebuilt from the bytes a program writes to its pty.

/// The text on a terminal's screen, from the escape sequences ratatui and crossterm write:
/// cursor moves, clears and printable characters; styles and modes are skipped.
pub struct Screen {
    cols: usize,
    cells: Vec<Vec<char>>,
    row: usize,
    col: usize,
    pending: Vec<u8>,
    /// Everything printed, escapes removed, in order (for what is printed after the wizard).
    pub plain: String,
}

impl Screen {
    pub fn new(cols: u16, rows: u16) -> Screen {
        Screen {
            cols: cols.into(),
            cells: vec![vec![' '; cols.into()]; rows.into()],
            row: 0,
            col: 0,
            pending: Vec::new(),
            plain: String::new(),
        }
    }

    fn clear(&mut self) {
        for row in &mut self.cells {
            row.fill(' ');
        }
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => panic!("the wizard wrote invalid UTF-8: {e}"),
        };
        // Keep an escape sequence that is not complete yet for the next chunk.
        let text = String::from_utf8(self.pending[..valid].to_vec()).unwrap();
        let used = self.interpret(&text);
        self.pending.drain(..used);
    }

    /// Interprets `text`; returns how many bytes were complete.
    fn interpret(&mut self, text: &str) -> usize {
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            match c {
                '\x1b' => {
                    let Some(&(_, kind)) = chars.peek() else {
                        return start;
                    };
                    chars.next();
                    match kind {
                        '[' => {
                            let mut params = String::new();
                            let fin = loop {
                                match chars.next() {
                                    Some((_, c)) if ('\x40'..='\x7e').contains(&c) => break c,
                                    Some((_, c)) => params.push(c),
                                    None => return start,
                                }
                            };
                            self.csi(&params, fin);
                        }
                        ']' => loop {
                            // OSC (e.g. the OSC 52 copy): up to BEL or ESC \.
                            match chars.next() {
                                Some((_, '\x07')) => break,
                                Some((_, '\x1b')) => {
                                    chars.next();
                                    break;
                                }
                                Some(_) => {}
                                None => return start,
                            }
                        },
                        _ => {}
                    }
                }
                '\r' => self.col = 0,
                '\n' => {
                    self.row = (self.row + 1).min(self.cells.len() - 1);
                    self.plain.push('\n');
                }
                '\x08' => self.col = self.col.saturating_sub(1),
                c if c.is_control() => {}
                c => {
                    if let Some(cell) = self
                        .cells
                        .get_mut(self.row)
                        .and_then(|r| r.get_mut(self.col))
                    {
                        *cell = c;
                    }
                    self.col = (self.col + 1).min(self.cols);
                    self.plain.push(c);
                }
            }
        }
        text.len()
    }

    fn csi(&mut self, params: &str, fin: char) {
        let nums: Vec<usize> = params
            .trim_start_matches('?')
            .split(';')
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let n = |i: usize| nums.get(i).copied().filter(|n| *n > 0).unwrap_or(1);
        let last_row = self.cells.len() - 1;
        match fin {
            'H' | 'f' => {
                self.row = (n(0) - 1).min(last_row);
                self.col = (n(1) - 1).min(self.cols);
            }
            'A' => self.row = self.row.saturating_sub(n(0)),
            'B' => self.row = (self.row + n(0)).min(last_row),
            'C' => self.col = (self.col + n(0)).min(self.cols),
            'D' => self.col = self.col.saturating_sub(n(0)),
            'G' => self.col = (n(0) - 1).min(self.cols),
            'J' if params == "2" || params == "3" => self.clear(),
            'K' => {
                let col = self.col.min(self.cols);
                if let Some(row) = self.cells.get_mut(self.row) {
                    row[col..].fill(' ');
                }
            }
            // Leaving the alternate screen: what is printed next starts on a clean page.
            'l' if params == "?1049" => self.clear(),
            _ => {}
        }
    }

    pub fn text(&self) -> String {
        let lines: Vec<String> = self
            .cells
            .iter()
            .map(|r| r.iter().collect::<String>().trim_end().to_string())
            .collect();
        lines.join("\n")
    }
}
