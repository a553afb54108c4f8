//! `cdromctl script`: a sequence of requests over several named handles.
//!
//! One step per line: `open A`, `A ioctl <NAME|0xCODE> [--in HEX]
//! [--out-len N]`, `A read --offset N --len N`, `close A`, `wait SECONDS`
//! (the handles stay open meanwhile: time to swap a disc under a lock, say).
//! Blank lines and `#` comments are skipped. Every step prints its result (open and close
//! included); the script runs to the end whatever the statuses.

use std::collections::HashMap;

use serde_json::json;

use crate::backend::{Backend, Handle};
use crate::cmd::raw::{parse_hex, parse_ioctl};
use crate::error::{usage, Error};
use crate::render;

/// Longest `wait` step: an hour.
const MAX_WAIT_SECS: u64 = 3600;

fn number(s: &str, what: &str, line: usize) -> Result<u64, Error> {
    let v = match s.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16),
        None => s.parse(),
    };
    v.map_err(|_| usage(format!("line {line}: {what} '{s}' is not a number")))
}

/// Options after a step's verb: `--in`, `--out-len`, `--offset`, `--len`.
fn options(words: &[&str], line: usize) -> Result<HashMap<String, String>, Error> {
    let mut map = HashMap::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let Some(name) = w.strip_prefix("--") else {
            return Err(usage(format!("line {line}: unexpected '{w}'")));
        };
        let value = it
            .next()
            .ok_or_else(|| usage(format!("line {line}: --{name} needs a value")))?;
        map.insert(name.to_owned(), (*value).to_owned());
    }
    Ok(map)
}

/// A usage error of a step, prefixed with its line.
fn line_error(step: usize, e: Error) -> Error {
    match e {
        Error::Usage(m) => usage(format!("line {step}: {m}")),
        other => other,
    }
}

fn simple(step: usize, handle: &str, action: &str, json: bool) {
    if json {
        println!(
            "{}",
            json!({"step": step, "handle": handle, "action": action})
        );
    } else {
        println!("[{step}] {handle}: {action}");
    }
}

/// Runs `text` against `backend`.
pub fn run(backend: &dyn Backend, text: &str, json: bool) -> Result<(), Error> {
    let mut handles: HashMap<String, Handle> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let step = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [] => {}
            ["open", name] => {
                if handles.contains_key(*name) {
                    return Err(usage(format!("line {step}: handle {name} is already open")));
                }
                handles.insert((*name).to_owned(), backend.open()?);
                simple(step, name, "open", json);
            }
            ["wait", seconds] => {
                let seconds = number(seconds, "wait", step)?;
                if seconds > MAX_WAIT_SECS {
                    return Err(usage(format!(
                        "line {step}: wait {seconds}: at most {MAX_WAIT_SECS} seconds"
                    )));
                }
                simple(step, "-", &format!("wait {seconds} s"), json);
                std::thread::sleep(std::time::Duration::from_secs(seconds));
            }
            ["close", name] => {
                let h = handles
                    .remove(*name)
                    .ok_or_else(|| usage(format!("line {step}: handle {name} is not open")))?;
                backend.close(h);
                simple(step, name, "close", json);
            }
            [name, "ioctl", code, rest @ ..] => {
                let h = *handles
                    .get(*name)
                    .ok_or_else(|| usage(format!("line {step}: handle {name} is not open")))?;
                let code = parse_ioctl(code).map_err(|u| line_error(step, u))?;
                let opts = options(rest, step)?;
                let input = match opts.get("in") {
                    Some(h) => parse_hex(h).map_err(|u| line_error(step, u))?,
                    None => Vec::new(),
                };
                let out_len = match opts.get("out-len") {
                    Some(v) => usize::try_from(number(v, "--out-len", step)?)
                        .map_err(|_| usage(format!("line {step}: --out-len too large")))?,
                    None => 0,
                };
                let reply = backend.ioctl(h, code, &input, out_len);
                print!("{}", render::reply(code, &reply, Some((name, step)), json));
            }
            [name, "read", rest @ ..] => {
                let h = *handles
                    .get(*name)
                    .ok_or_else(|| usage(format!("line {step}: handle {name} is not open")))?;
                let opts = options(rest, step)?;
                let offset = number(
                    opts.get("offset").map_or("0", String::as_str),
                    "--offset",
                    step,
                )?;
                let len = usize::try_from(number(
                    opts.get("len").map_or("0", String::as_str),
                    "--len",
                    step,
                )?)
                .map_err(|_| usage(format!("line {step}: --len too large")))?;
                let reply = backend.read(h, offset, len);
                if json {
                    println!(
                        "{}",
                        json!({
                            "step": step, "handle": name, "action": "read",
                            "status": render::status_name(reply.status), "ntstatus": reply.status.0,
                            "information": reply.information, "out": render::hex(&reply.out),
                            "cdbs": reply.cdbs.iter().map(|c| render::hex(c)).collect::<Vec<_>>(),
                        })
                    );
                } else {
                    println!(
                        "[{step}] {name}: IRP_MJ_READ {len}@{offset}: {} ({:#010x}), information {}",
                        render::status_name(reply.status),
                        reply.status.0,
                        reply.information
                    );
                }
            }
            _ => return Err(usage(format!("line {step}: cannot parse '{line}'"))),
        }
    }
    // Handles left open are closed at the end, like a process exiting.
    for (_, h) in handles {
        backend.close(h);
    }
    Ok(())
}
