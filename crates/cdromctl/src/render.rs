//! Human tables and JSON objects for replies.

use std::fmt::Write as _;

use serde_json::{json, Value};

use cdfilter_core::ioctl::{lookup, Handling, IoctlDef};
use cdfilter_core::status::NtStatus;

use crate::backend::Reply;

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
        r.status.meaning()
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
