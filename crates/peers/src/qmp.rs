//! A minimal QMP client: greeting, capabilities negotiation, then one
//! command at a time, skipping asynchronous events.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{PeerError, Result};

/// Bound on every QMP read (QEMU answers these commands at once).
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A QMP session over QEMU's unix socket.
pub(crate) struct Qmp {
    rx: BufReader<UnixStream>,
    tx: UnixStream,
}

fn io(what: &str) -> impl FnOnce(std::io::Error) -> PeerError + '_ {
    move |source| PeerError::Io {
        what: what.to_owned(),
        source,
    }
}

impl Qmp {
    /// Connects (waiting up to `wait` for the socket) and leaves the
    /// capabilities-negotiation mode.
    pub(crate) fn connect(path: &Path, wait: Duration) -> Result<Self> {
        let deadline = Instant::now() + wait;
        let stream = loop {
            match UnixStream::connect(path) {
                Ok(s) => break s,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => return Err(io("connecting to QMP")(e)),
            }
        };
        stream
            .set_read_timeout(Some(READ_TIMEOUT))
            .map_err(io("QMP socket"))?;
        let tx = stream.try_clone().map_err(io("QMP socket"))?;
        let mut qmp = Self {
            rx: BufReader::new(stream),
            tx,
        };
        let greeting = qmp.read_message()?;
        if greeting.get("QMP").is_none() {
            return Err(PeerError::Protocol(format!(
                "QMP greeting expected, got {greeting}"
            )));
        }
        qmp.execute("qmp_capabilities", &json!({}))?;
        Ok(qmp)
    }

    fn read_message(&mut self) -> Result<Value> {
        let mut line = String::new();
        if self
            .rx
            .read_line(&mut line)
            .map_err(io("reading from QMP"))?
            == 0
        {
            return Err(PeerError::Protocol("QMP closed the connection".to_owned()));
        }
        serde_json::from_str(&line)
            .map_err(|e| PeerError::Protocol(format!("QMP sent {line:?}: {e}")))
    }

    /// Runs one command; its `return` value, or its `error` as a
    /// [`PeerError::Protocol`].
    pub(crate) fn execute(&mut self, command: &str, arguments: &Value) -> Result<Value> {
        let msg = json!({ "execute": command, "arguments": arguments });
        writeln!(self.tx, "{msg}").map_err(io("writing to QMP"))?;
        loop {
            let answer = self.read_message()?;
            if let Some(v) = answer.get("return") {
                return Ok(v.clone());
            }
            if let Some(e) = answer.get("error") {
                return Err(PeerError::Protocol(format!("QMP {command}: {e}")));
            }
            // An event ({"event": ...}); keep reading.
        }
    }
}
