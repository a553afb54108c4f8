//! The qtest line protocol: one text line per port access on QEMU's stdin,
//! one `OK [value]` line back on its stdout.
//!
//! Accesses are queued and sent in batches: a whole PACKET command set-up
//! (select, byte-count limit, opcode, CDB words, the status reads after it)
//! is one write and one read of the pipe pair. A batch is drained before
//! [`MAX_IN_FLIGHT`] answers pile up, so neither pipe can fill and block both
//! processes (QEMU stops reading stdin while its stdout is full).

use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::{ChildStdin, ChildStdout};

/// Accesses sent before their answers are read back. An answer line is at
/// most 14 bytes, so 2048 of them (28 KiB) stay well inside a 64 KiB pipe.
const MAX_IN_FLIGHT: usize = 2048;

/// Width of one port access.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Width {
    /// `inb` / `outb`.
    Byte,
    /// `inw` / `outw`.
    Word,
    /// `inl` / `outl`.
    Long,
}

impl Width {
    const fn suffix(self) -> char {
        match self {
            Self::Byte => 'b',
            Self::Word => 'w',
            Self::Long => 'l',
        }
    }
}

/// A qtest connection over a child's stdin/stdout.
pub(crate) struct Qtest {
    tx: BufWriter<ChildStdin>,
    rx: BufReader<ChildStdout>,
    line: Vec<u8>,
    in_flight: usize,
    values: Vec<u32>,
}

impl Qtest {
    /// Wraps the pipes of a QEMU started with `-qtest stdio`.
    pub(crate) fn new(stdin: ChildStdin, stdout: ChildStdout) -> Self {
        Self {
            tx: BufWriter::with_capacity(64 * 1024, stdin),
            rx: BufReader::with_capacity(64 * 1024, stdout),
            line: Vec::with_capacity(64),
            in_flight: 0,
            values: Vec::with_capacity(1024),
        }
    }

    /// Queues an output access.
    pub(crate) fn out(&mut self, width: Width, port: u16, value: u32) -> io::Result<()> {
        writeln!(self.tx, "out{} {port:#x} {value:#x}", width.suffix())?;
        self.queued()
    }

    /// Queues an input access; its value comes back from [`Qtest::sync`] in
    /// queue order.
    pub(crate) fn inp(&mut self, width: Width, port: u16) -> io::Result<()> {
        writeln!(self.tx, "in{} {port:#x}", width.suffix())?;
        self.queued()
    }

    fn queued(&mut self) -> io::Result<()> {
        self.in_flight += 1;
        if self.in_flight >= MAX_IN_FLIGHT {
            self.drain()?;
        }
        Ok(())
    }

    /// Sends what is queued and returns the values of the input accesses,
    /// in order.
    pub(crate) fn sync(&mut self) -> io::Result<Vec<u32>> {
        self.drain()?;
        Ok(std::mem::take(&mut self.values))
    }

    /// Gives a value vector back for reuse (saves an allocation per batch).
    pub(crate) fn recycle(&mut self, mut v: Vec<u32>) {
        if self.values.is_empty() {
            v.clear();
            self.values = v;
        }
    }

    fn drain(&mut self) -> io::Result<()> {
        self.tx.flush()?;
        while self.in_flight > 0 {
            self.line.clear();
            if self.rx.read_until(b'\n', &mut self.line)? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "QEMU closed the qtest channel",
                ));
            }
            let line = trim(&self.line);
            // Asynchronous notifications (only with irq_intercept) are not
            // answers.
            if line.starts_with(b"IRQ") {
                continue;
            }
            self.in_flight -= 1;
            match parse_answer(line) {
                Some(Answer::Value(v)) => self.values.push(v),
                Some(Answer::Done) => {}
                None => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("qtest answered {:?}", String::from_utf8_lossy(line)),
                    ))
                }
            }
        }
        Ok(())
    }
}

fn trim(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    b.get(..end).unwrap_or(b)
}

/// One answer line.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Answer {
    /// `OK` (an output access).
    Done,
    /// `OK 0x..` (an input access).
    Value(u32),
}

/// Parses an answer line; `None` for `FAIL ...` or anything malformed.
fn parse_answer(line: &[u8]) -> Option<Answer> {
    let rest = line.strip_prefix(b"OK")?;
    if rest.is_empty() {
        return Some(Answer::Done);
    }
    let hex = rest.strip_prefix(b" 0x")?;
    let mut v: u32 = 0;
    for &c in hex {
        let d = char::from(c).to_digit(16)?;
        v = v.checked_mul(16)?.checked_add(d)?;
    }
    Some(Answer::Value(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        assert_eq!(parse_answer(b"OK"), Some(Answer::Done));
        assert_eq!(parse_answer(b"OK 0x0058"), Some(Answer::Value(0x58)));
        assert_eq!(
            parse_answer(b"OK 0xdeadBEEF"),
            Some(Answer::Value(0xDEAD_BEEF))
        );
        assert_eq!(parse_answer(b"FAIL Unknown command 'x'"), None);
        assert_eq!(parse_answer(b"OK 0x1ffffffff"), None);
        assert_eq!(trim(b"OK 0x1\r\n"), b"OK 0x1");
    }
}
