//! A plain-text table for a terminal or a pipe: each column as wide as its widest cell, counted
//! in display columns (so Chinese headings, `→` and a move's two instances line up), the last
//! column left as it is.

use crate::i18n::pad;
use unicode_width::UnicodeWidthStr;

/// The rows (a header, if any, first), one line each.
pub fn lines<const N: usize>(rows: &[[String; N]]) -> Vec<String> {
    let widths: Vec<usize> =
        (0..N.saturating_sub(1)).map(|i| rows.iter().map(|row| row[i].width()).max().unwrap_or(0)).collect();
    rows.iter()
        .map(|row| {
            let mut cells: Vec<String> =
                widths.iter().zip(row.iter()).map(|(w, cell)| pad(cell, *w)).collect();
            cells.extend(row.last().cloned());
            cells.join("  ").trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::lines;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn every_column_starts_at_the_same_display_column_whatever_its_cells_hold() {
        let rows = [
            ["结果".to_string(), "instance".to_string(), "detail".to_string()],
            ["Succeeded".to_string(), "ins-web00001".to_string(), "a".to_string()],
            ["失败".to_string(), "ins-web00001 → ins-web00002".to_string(), "b".to_string()],
        ];
        let printed = lines(&rows);
        let starts: Vec<usize> = printed
            .iter()
            .map(|line| {
                let last = line.rfind("  ").expect("a gap before the last column") + 2;
                line[..last].width()
            })
            .collect();
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "{printed:#?}");
    }
}
