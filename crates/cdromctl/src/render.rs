//! Human tables and JSON objects for replies.

use std::fmt::Write as _;

use serde_json::{json, Value};

use cdfilter_core::ioctl::{lookup, Handling, IoctlDef};
use cdfilter_core::status::NtStatus;

use cdfilter_core::scsi::msf::Msf;

use crate::backend::Reply;

/// Where a command's results go: a human table or JSON.
#[derive(Clone, Copy, Debug)]
pub struct Out {
    /// Print JSON instead of text.
    pub json: bool,
}

impl Out {
    /// Prints `text` (human) or `json` on one line.
    pub fn emit(&self, text: &str, json: &Value) {
        if self.json {
            println!("{json}");
        } else {
            print!("{text}");
        }
    }
}

/// `MM:SS:FF`.
pub fn msf(m: Msf) -> String {
    format!("{:02}:{:02}:{:02}", m.m, m.s, m.f)
}

/// `MM:SS:FF` of an LBA (`-` where no MSF can hold it).
pub fn lba_msf(lba: u32) -> String {
    Msf::from_lba(lba).map_or_else(|| "-".to_owned(), msf)
}

/// `MM:SS:FF` of a sector count (a duration).
pub fn duration(frames: u32) -> String {
    Msf::from_frames(frames).map_or_else(|| "-".to_owned(), msf)
}

/// Columns aligned under their headers, two spaces apart, indented by two.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::from(" ");
        for (cell, w) in cells.iter().zip(&widths) {
            let _ = write!(s, " {cell:<w$} ");
        }
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut s = line(headers.to_vec());
    for row in rows {
        s.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    s
}

/// Lowercase hex without separators.
pub fn hex(b: &[u8]) -> String {
    b.iter()
        .fold(String::with_capacity(b.len() * 2), |mut s, x| {
            let _ = write!(s, "{x:02x}");
            s
        })
}

/// A classic 16-bytes-per-line hex dump.
pub fn hexdump(b: &[u8]) -> String {
    let mut s = String::new();
    for (i, chunk) in b.chunks(16).enumerate() {
        let _ = write!(s, "  {:08x}  ", i * 16);
        for (j, x) in chunk.iter().enumerate() {
            let _ = write!(s, "{x:02x}{}", if j == 7 { "  " } else { " " });
        }
        for j in chunk.len()..16 {
            s.push_str(if j == 7 { "    " } else { "   " });
        }
        s.push(' ');
        s.extend(chunk.iter().map(|&c| {
            if c.is_ascii_graphic() || c == b' ' {
                c as char
            } else {
                '.'
            }
        }));
        s.push('\n');
    }
    s
}

/// The IOCTL's name, or its code in hex.
pub fn ioctl_name(code: u32) -> String {
    lookup(code).map_or_else(|| format!("{code:#010x}"), |d| d.name.to_owned())
}

/// Status name, or its hex value.
pub fn status_name(s: NtStatus) -> String {
    s.name()
        .map_or_else(|| format!("{:#010x}", s.0), str::to_owned)
}

/// One reply, as a table or a JSON object (`handle` and `step` for scripts).
pub fn reply(code: u32, r: &Reply, script: Option<(&str, usize)>, json: bool) -> String {
    if json {
        let mut v = json!({
            "ioctl": ioctl_name(code),
            "code": code,
            "status": status_name(r.status),
            "ntstatus": r.status.0,
            "information": r.information,
            "out": hex(&r.out),
            "cdbs": r.cdbs.iter().map(|c| hex(c)).collect::<Vec<_>>(),
        });
        if let (Some((handle, step)), Some(obj)) = (script, v.as_object_mut()) {
            obj.insert("handle".into(), json!(handle));
            obj.insert("step".into(), json!(step));
        }
        return format!("{v}\n");
    }
    let mut s = String::new();
    if let Some((handle, step)) = script {
        let _ = write!(s, "[{step}] {handle}: ");
    }
    let _ = writeln!(s, "{} ({code:#010x})", ioctl_name(code));
    let _ = writeln!(
        s,
        "  status       {} ({:#010x}): {}",
        status_name(r.status),
        r.status.0,
        crate::error::explain(lookup(code).map(|d| d.id), r.status, r.information)
    );
    let _ = writeln!(s, "  information  {}", r.information);
    for c in &r.cdbs {
        let _ = writeln!(s, "  cdb          {}", spaced(c));
    }
    if !r.out.is_empty() {
        let _ = writeln!(s, "  output");
        s.push_str(&hexdump(&r.out));
    }
    s
}

fn spaced(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A table row as JSON (for `ioctls --json`).
pub fn ioctl_row_json(d: &IoctlDef) -> Value {
    let (kind, detail) = match d.handling {
        Handling::Translated(ops) => (
            "translated",
            json!(ops.iter().map(|o| format!("{o:#04x}")).collect::<Vec<_>>()),
        ),
        Handling::Local => ("local", Value::Null),
        Handling::PassDown => ("pass-down", Value::Null),
        Handling::Refused(st) => ("refused", json!(status_name(st))),
    };
    json!({
        "name": d.name,
        "code": d.code,
        "method": format!("{:?}", d.method),
        "access": format!("{:?}", d.access),
        "handling": kind,
        "detail": detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns_under_headers() {
        let t = table(
            &["track", "LBA"],
            &[
                vec!["1".into(), "0".into()],
                vec!["lead-out".into(), "1350".into()],
            ],
        );
        assert_eq!(t, "  track     LBA\n  1         0\n  lead-out  1350\n");
    }

    #[test]
    fn msf_forms() {
        assert_eq!(lba_msf(0), "00:02:00");
        assert_eq!(lba_msf(1350), "00:20:00");
        assert_eq!(duration(300), "00:04:00");
    }

    #[test]
    fn hexdump_shows_offsets_bytes_and_text() {
        let d = hexdump(b"CD001\x00");
        assert_eq!(
            d,
            "  00000000  43 44 30 30 31 00                                 CD001.\n"
        );
    }
}
