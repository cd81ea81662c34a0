//! The checks of a CSV file before polars reads it, each naming the line at fault: UTF-8,
//! ragged rows, RFC 4180 quoting; and pandas' `skip_blank_lines`. Large files are checked in
//! parallel pieces.

use std::borrow::Cow;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// A file that passed [`check_csv`].
#[derive(Debug)]
pub(super) struct Checked<'a> {
    /// What to parse: the file, or a copy without its blank lines.
    pub(super) bytes: Cow<'a, [u8]>,
    /// Whether it has a `"` anywhere.
    pub(super) quoted: bool,
}

impl<'a> Checked<'a> {
    fn quoted(bytes: Cow<'a, [u8]>) -> Self {
        Self {
            bytes,
            quoted: true,
        }
    }

    fn unquoted(bytes: Cow<'a, [u8]>) -> Self {
        Self {
            bytes,
            quoted: false,
        }
    }
}

/// The checks polars' own errors do not locate (encoding, emptiness, ragged rows), and pandas'
/// `skip_blank_lines`: returns the bytes to parse, which are `bytes` themselves unless blank
/// lines had to go (polars would read each as a row of missing values; pandas skips them).
///
/// A record is a line, except that a line break inside double quotes belongs to the field. The
/// file is taken in pieces of about 1 MB that end at a line break, checked on all cores: UTF-8
/// (a line break is never part of a longer UTF-8 character, so each piece can be checked on its
/// own) and, when there is no quote anywhere (the common, large case), the lines. A file with
/// quotes is walked once, record by record.
pub(super) fn check_csv<'a>(path: &Path, bytes: &'a [u8]) -> Result<Checked<'a>> {
    let pieces = split_at_line_breaks(bytes, 1 << 20);
    let checked: Vec<std::result::Result<&str, usize>> = pieces
        .par_iter()
        .map(|piece| std::str::from_utf8(piece).map_err(|e| e.valid_up_to()))
        .collect();
    if let Some((k, valid)) = checked
        .iter()
        .enumerate()
        .find_map(|(k, piece)| piece.err().map(|valid| (k, valid)))
    {
        let at = pieces[..k].iter().map(|p| p.len()).sum::<usize>() + valid;
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        return Err(Error::format(
            path,
            format!("line {line}: not UTF-8 (byte {at} is invalid); save the file as UTF-8"),
        ));
    }
    let pieces: Vec<&str> = checked.into_iter().flatten().collect();
    let ragged = |line: usize, found: usize, expected: usize| {
        Error::format(
            path,
            format!("line {line}: {found} fields, expected {expected} as in the header"),
        )
    };
    if pieces.par_iter().any(|piece| piece.contains('"')) {
        let text = std::str::from_utf8(bytes).expect("each piece is UTF-8");
        let records = records(text).map_err(|reason| Error::format(path, reason))?;
        let mut kept = records.iter().filter(|(_, r)| !is_blank(r));
        let Some(&(_, header)) = kept.next() else {
            return Err(Error::format(
                path,
                "the file is empty (expected a header line)",
            ));
        };
        let expected = count_fields(header);
        if let Some(&(line, record)) = kept.clone().find(|(_, r)| count_fields(r) != expected) {
            return Err(ragged(line, count_fields(record), expected));
        }
        if !records.iter().any(|(_, r)| is_blank(r)) {
            return Ok(Checked::quoted(Cow::Borrowed(bytes)));
        }
        let rest: Vec<&str> = kept.map(|&(_, r)| r).collect();
        let joined = std::iter::once(header)
            .chain(rest)
            .collect::<Vec<_>>()
            .join("\n");
        return Ok(Checked::quoted(Cow::Owned(joined.into_bytes())));
    }
    let has_blank = check_unquoted(&pieces).map_err(|(line, found, expected)| match expected {
        0 => Error::format(path, "the file is empty (expected a header line)"),
        _ => ragged(line, found, expected),
    })?;
    if !has_blank {
        return Ok(Checked::unquoted(Cow::Borrowed(bytes)));
    }
    let kept: Vec<&str> = pieces
        .iter()
        .flat_map(|piece| piece.lines())
        .filter(|l| !is_blank(l))
        .collect();
    Ok(Checked::unquoted(Cow::Owned(kept.join("\n").into_bytes())))
}

/// A line that pandas skips: nothing but white space.
pub(super) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Checks a file without quotes, given as pieces that end at line breaks, line by line and
/// piece by piece in parallel. Returns whether it has blank lines, or `(line, fields, expected)`
/// of the first ragged line (`expected` 0: no header).
pub(super) fn check_unquoted(pieces: &[&str]) -> std::result::Result<bool, (usize, usize, usize)> {
    // The header is the first line that is not blank: (piece, line in it, text).
    let Some((header_piece, header_line, header)) =
        pieces.iter().enumerate().find_map(|(k, piece)| {
            piece
                .lines()
                .enumerate()
                .find(|(_, l)| !is_blank(l))
                .map(|(i, l)| (k, i, l))
        })
    else {
        return Err((0, 0, 0));
    };
    let expected = count_commas(header) + 1;
    // Each piece's lines after the header: the first ragged one and whether one was blank.
    let checked = pieces
        .par_iter()
        .enumerate()
        .map(|(k, piece)| {
            let skip = match k.cmp(&header_piece) {
                std::cmp::Ordering::Less => return (None, false),
                std::cmp::Ordering::Equal => header_line + 1,
                std::cmp::Ordering::Greater => 0,
            };
            let mut blank = false;
            let bad = piece
                .lines()
                .enumerate()
                .skip(skip)
                .filter(|(_, l)| {
                    let b = is_blank(l);
                    blank |= b;
                    !b
                })
                .map(|(i, l)| (i, count_commas(l) + 1))
                .find(|&(_, found)| found != expected);
            (bad, blank)
        })
        .collect::<Vec<_>>();
    let header_is_first = header_piece == 0 && header_line == 0;
    let has_blank = !header_is_first || checked.iter().any(|&(_, blank)| blank);
    let Some((piece, (i, found))) = checked
        .iter()
        .enumerate()
        .find_map(|(piece, (bad, _))| bad.map(|b| (piece, b)))
    else {
        return Ok(has_blank);
    };
    // Every piece but the last ends with a line break, so its lines are its line breaks.
    let lines_before: usize = pieces[..piece].iter().map(|p| p.lines().count()).sum();
    Err((lines_before + i + 1, found, expected))
}

/// The records of `text` with the line each starts on: lines, except that a line break inside
/// a quoted field continues the record. A trailing `\r` is left on the record, which counting
/// fields does not mind.
///
/// Quotes must follow RFC 4180: a quoted field starts with `"`, doubles every `"` inside, and
/// ends with `"` right before a comma, a line break or the end of the file. Anything else is
/// refused with its line: a `"` inside an unquoted field, text after a closing quote, a quote
/// never closed. pandas would read some of these as literal characters, but polars 0.55 can read
/// past the end of its buffer on them (found by `fuzz/`, target csv), so they never reach it.
pub(super) fn records(text: &str) -> std::result::Result<Vec<(usize, &str)>, String> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        /// A `"` inside a quoted field: the end of it, or the first of a doubled pair.
        QuoteInQuoted,
    }
    let mut records = Vec::new();
    let (mut start, mut line, mut start_line) = (0, 1, 1);
    let mut opened_on = 1;
    let mut state = State::FieldStart;
    for (i, b) in text.bytes().enumerate() {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, b) => {
                line += usize::from(b == b'\n');
                State::Quoted
            }
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened_on = line;
                State::Quoted
            }
            (State::Unquoted, b'"') => {
                return Err(format!(
                    "line {line}: a `\"` inside a field that does not start with one (quote \
                     the whole field and double the quotes in it: \"a \"\"b\"\" c\")"
                ));
            }
            (_, b',') => State::FieldStart,
            (_, b'\n') => {
                records.push((start_line, &text[start..i]));
                line += 1;
                start = i + 1;
                start_line = line;
                State::FieldStart
            }
            (State::QuoteInQuoted, b'\r') => State::Unquoted,
            (State::QuoteInQuoted, _) => {
                return Err(format!(
                    "line {line}: text after the closing `\"` of a quoted field (expected a \
                     comma or the end of the line)"
                ));
            }
            (_, _) => State::Unquoted,
        };
    }
    if state == State::Quoted {
        return Err(format!(
            "line {opened_on}: a quoted field is never closed (a `\"` without its partner)"
        ));
    }
    if start < text.len() {
        records.push((start_line, &text[start..]));
    }
    Ok(records)
}

/// `bytes` in consecutive pieces of about `size` bytes, each ending just after a line break
/// (the last one at the end).
pub(super) fn split_at_line_breaks(bytes: &[u8], size: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut rest = bytes;
    while rest.len() > size {
        let cut = rest[size..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| size + i + 1);
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// Commas in a line without quotes: a loop the compiler turns into vector compares, several
/// times faster on a large file than the quote-aware [`count_fields`].
pub(super) fn count_commas(line: &str) -> usize {
    line.bytes().filter(|&b| b == b',').count()
}

/// Fields in one CSV line, counting commas outside double quotes.
pub(super) fn count_fields(line: &str) -> usize {
    let mut quoted = false;
    1 + line
        .bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == b',' && !quoted
        })
        .count()
}
