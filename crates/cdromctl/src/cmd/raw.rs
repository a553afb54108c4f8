//! The stable test interface: `ioctl` (one IOCTL with raw buffers),
//! `script` (see [`crate::script`]) and `ioctls` (the table).

use std::fmt::Write as _;

use cdfilter_core::ioctl::{lookup, Handling, Ioctl, TABLE};

use crate::backend::Backend;
use crate::error::{internal, usage, Error};
use crate::render;

/// Parses an IOCTL given by name or number.
pub fn parse_ioctl(s: &str) -> Result<u32, Error> {
    if let Some(id) = Ioctl::from_name(s) {
        return Ok(id.code());
    }
    let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => s.parse(),
    };
    parsed.map_err(|_| {
        usage(format!(
            "unknown IOCTL '{s}': give a name from `cdromctl ioctls` or a code like 0x24000"
        ))
    })
}

/// Parses hex bytes, ignoring spaces, colons, dashes, underscores and commas.
pub fn parse_hex(s: &str) -> Result<Vec<u8>, Error> {
    let digits: Vec<char> = s
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-' | '_' | ','))
        .collect();
    if digits.len() % 2 != 0 {
        return Err(usage(format!("--in '{s}': odd number of hex digits")));
    }
    digits
        .chunks(2)
        .map(|pair| {
            let byte: String = pair.iter().collect();
            u8::from_str_radix(&byte, 16)
                .map_err(|_| usage(format!("--in '{s}': '{byte}' is not a hex byte")))
        })
        .collect()
}

/// `cdromctl ioctl`: returns whether the status was a success.
pub fn ioctl(
    backend: &dyn Backend,
    code: u32,
    input: &[u8],
    out_len: usize,
    json: bool,
) -> Result<bool, Error> {
    let h = backend.open()?;
    let reply = backend.ioctl(h, code, input, out_len);
    backend.close(h);
    print!("{}", render::reply(code, &reply, None, json));
    check_verifier(backend)?;
    Ok(reply.status.is_success())
}

/// A verifier violation is an internal error.
pub fn check_verifier(backend: &dyn Backend) -> Result<(), Error> {
    let violations = backend.violations();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(internal(format!("verifier: {}", violations.join("; "))))
    }
}

/// `cdromctl ioctls`.
pub fn ioctls(json: bool) -> String {
    let mut s = String::new();
    if json {
        let rows: Vec<_> = TABLE.iter().map(render::ioctl_row_json).collect();
        let _ = writeln!(s, "{}", serde_json::Value::Array(rows));
        return s;
    }
    let _ = writeln!(
        s,
        "{:<44} {:>10}  {:<10} {:<10} handling",
        "name", "code", "method", "access"
    );
    for d in TABLE {
        let alias = lookup(d.code).is_some_and(|first| first.id != d.id);
        let handling = match d.handling {
            Handling::Translated(ops) => {
                let ops: Vec<String> = ops.iter().map(|o| format!("{o:#04x}")).collect();
                format!("translated to {}", ops.join(", "))
            }
            Handling::Local => "answered by the driver".to_owned(),
            Handling::PassDown => "passed down".to_owned(),
            Handling::Refused(st) => format!("refused with {}", st.name().unwrap_or("?")),
        };
        let _ = writeln!(
            s,
            "{:<44} {:#010x}  {:<10} {:<10} {handling}{}",
            d.name,
            d.code,
            format!("{:?}", d.method),
            format!("{:?}", d.access),
            if alias {
                " (alias: same code as an earlier row)"
            } else {
                ""
            }
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ioctl_by_name_and_code() {
        assert_eq!(parse_ioctl("IOCTL_CDROM_READ_TOC").unwrap(), 0x24000);
        assert_eq!(parse_ioctl("ioctl_cdrom_raw_read").unwrap(), 0x2403E);
        assert_eq!(parse_ioctl("0x2403e").unwrap(), 0x2403E);
        assert_eq!(parse_ioctl("147512").unwrap(), 0x24038);
        assert!(parse_ioctl("IOCTL_NOPE").is_err());
    }

    #[test]
    fn hex_forms() {
        assert_eq!(parse_hex("01 02:0a-FF").unwrap(), vec![1, 2, 10, 255]);
        assert_eq!(parse_hex("").unwrap(), Vec::<u8>::new());
        assert!(parse_hex("123").is_err());
        assert!(parse_hex("zz").is_err());
        assert!(parse_hex("é1").is_err());
    }
}
