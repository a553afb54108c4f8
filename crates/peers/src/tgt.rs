//! A private tgtd exporting one ISO as an MMC logical unit on loopback.
//!
//! Each [`TgtTarget`] runs its own `tgtd -f` with its own control instance
//! (`-C n`, so it never touches a system-wide tgtd or another test's) and
//! its own iSCSI portal on a free 127.0.0.1 port. The ISO is copied into a
//! private directory first: tgt may extend its backing file (see
//! [`crate::quirks::TGT_READ_PAST_END`]), and the caller's image is shared
//! with the other backends.
//!
//! tgtd ignores SIGTERM, so teardown asks it to go (`--op delete` of the
//! target, then of the system) and only kills it (by its own pid) if it has
//! not exited within a bounded wait.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::{PeerError, Result};

/// The target daemon.
pub const TGTD: &str = "tgtd";
/// Its administration tool.
pub const TGTADM: &str = "tgtadm";
/// The target's name.
pub const TARGET_NAME: &str = "iqn.2024-01.org.cdfilter:cd";
/// The iSCSI target id inside the private tgtd.
const TID: &str = "1";
/// The CD logical unit (LUN 0 is tgt's controller).
pub const LUN: u32 = 1;
/// How long one tgtadm call may take.
const ADMIN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long tgtd may take to come up or to go away.
const DAEMON_TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts at a free control instance / port pair.
const ATTEMPTS: u32 = 8;

static NEXT_INSTANCE: AtomicU32 = AtomicU32::new(0);

/// A running tgtd with one MMC logical unit.
#[derive(Debug)]
pub struct TgtTarget {
    // Declared first: dropped (stopped) before the directory goes away.
    daemon: Daemon,
    port: u16,
    dir: tempfile::TempDir,
    backing: PathBuf,
}

/// The tgtd process and its control instance.
#[derive(Debug)]
struct Daemon {
    child: Child,
    control: u32,
    tgtadm: PathBuf,
    log: PathBuf,
    /// The control instance answered as ours (so its socket files are ours
    /// to remove once tgtd has exited).
    owned: bool,
}

/// Where tgtd puts its management socket and lock file.
const IPC_DIR: &str = "/var/run/tgtd";

fn missing(program: &'static str) -> PeerError {
    PeerError::Missing {
        program,
        hint: "apt-get install tgt",
    }
}

/// Runs a command with a bounded wait; its combined output on failure.
fn run_bounded(cmd: &mut Command, timeout: Duration) -> Result<()> {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| PeerError::Spawn {
            program: what.clone(),
            source,
        })?;
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(2)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PeerError::Timeout(what));
            }
            Err(source) => return Err(PeerError::Io { what, source }),
        }
    }
    let out = child.wait_with_output().map_err(|source| PeerError::Io {
        what: what.clone(),
        source,
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(PeerError::Protocol(format!(
            "{what} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// A free TCP port on 127.0.0.1 (free when asked; tgtd binds it next).
fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|source| PeerError::Io {
        what: "finding a free loopback port".to_owned(),
        source,
    })?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|source| PeerError::Io {
            what: "finding a free loopback port".to_owned(),
            source,
        })
}

/// A control instance number unlikely to be in use: tgt's default is 0,
/// documentation examples use small numbers, and tgtd refuses values above
/// 32767.
fn next_instance() -> u32 {
    let n = NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed);
    20_000 + (std::process::id().wrapping_mul(31).wrapping_add(n * 7919)) % 12_000
}

impl TgtTarget {
    /// Starts tgtd on a free loopback port and exports a private copy of
    /// `iso` as an MMC (`--device-type cd`) logical unit.
    pub fn start(iso: &Path) -> Result<Self> {
        let tgtd = crate::find_program(TGTD).ok_or_else(|| missing(TGTD))?;
        let tgtadm = crate::find_program(TGTADM).ok_or_else(|| missing(TGTADM))?;
        if !iso.is_file() {
            return Err(PeerError::Image {
                path: iso.to_owned(),
                reason: "not a file".to_owned(),
            });
        }
        let dir = tempfile::Builder::new()
            .prefix("cdfilter-tgt")
            .tempdir()
            .map_err(|source| PeerError::Io {
                what: "creating a directory for tgtd".to_owned(),
                source,
            })?;
        let backing = dir.path().join("disc.iso");
        std::fs::copy(iso, &backing).map_err(|e| PeerError::Image {
            path: iso.to_owned(),
            reason: e.to_string(),
        })?;
        let mut last = None;
        for _ in 0..ATTEMPTS {
            let control = next_instance();
            let port = free_port()?;
            let log = dir.path().join(format!("tgtd.{control}.log"));
            let mut daemon = Daemon::spawn(&tgtd, control, port, log)?;
            daemon.tgtadm.clone_from(&tgtadm);
            match daemon.configure(&backing) {
                Ok(()) => {
                    return Ok(Self {
                        daemon,
                        port,
                        dir,
                        backing,
                    })
                }
                // Dropping `daemon` stops this attempt.
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| PeerError::Protocol("tgtd did not start".to_owned())))
    }

    /// The logical unit's URL, for [`crate::IscsiPort::connect`].
    pub fn url(&self) -> String {
        format!("iscsi://127.0.0.1:{}/{TARGET_NAME}/{LUN}", self.port)
    }

    /// tgtd's process id.
    pub fn pid(&self) -> u32 {
        self.daemon.child.id()
    }

    /// The private copy of the ISO tgt serves.
    pub fn backing_store(&self) -> &Path {
        &self.backing
    }

    /// The private directory (tgtd's log, the ISO copy).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// What tgtd logged so far.
    pub fn log(&self) -> String {
        self.daemon.log()
    }

    /// Takes the medium out (`online=0`) or puts it back (`online=1`).
    pub fn set_online(&self, online: bool) -> Result<()> {
        run_bounded(
            self.daemon
                .admin()
                .args([
                    "--lld",
                    "iscsi",
                    "--mode",
                    "logicalunit",
                    "--op",
                    "update",
                    "--tid",
                    TID,
                    "--lun",
                    &LUN.to_string(),
                    "--params",
                ])
                .arg(format!("online={}", u8::from(online))),
            ADMIN_TIMEOUT,
        )
    }
}

impl Daemon {
    fn spawn(tgtd: &Path, control: u32, port: u16, log: PathBuf) -> Result<Self> {
        let io = |source| PeerError::Io {
            what: "creating tgtd's log".to_owned(),
            source,
        };
        let out = File::create(&log).map_err(io)?;
        let err = out.try_clone().map_err(io)?;
        let child = Command::new(tgtd)
            .args(["-f", "-C", &control.to_string(), "--iscsi"])
            .arg(format!("portal=127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|source| PeerError::Spawn {
                program: tgtd.display().to_string(),
                source,
            })?;
        Ok(Self {
            child,
            control,
            tgtadm: PathBuf::from(TGTADM),
            log,
            owned: false,
        })
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn admin(&self) -> Command {
        let mut c = Command::new(&self.tgtadm);
        c.args(["-C", &self.control.to_string()]);
        c
    }

    fn alive(&mut self) -> Result<()> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(PeerError::Protocol(format!(
                "tgtd exited ({status}): {}",
                self.log()
            ))),
            Err(source) => Err(PeerError::Io {
                what: "waiting for tgtd".to_owned(),
                source,
            }),
        }
    }

    /// Waits for the management socket, then creates the target, the CD
    /// logical unit and the initiator binding.
    fn configure(&mut self, backing: &Path) -> Result<()> {
        let deadline = Instant::now() + DAEMON_TIMEOUT;
        loop {
            self.alive()?;
            let shown = run_bounded(
                self.admin()
                    .args(["--lld", "iscsi", "--mode", "target", "--op", "show"]),
                ADMIN_TIMEOUT,
            );
            match shown {
                Ok(()) => break,
                Err(e) if Instant::now() > deadline => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        // Another daemon could own this control instance (our tgtd then
        // exits at once): check it is ours before configuring.
        std::thread::sleep(Duration::from_millis(20));
        self.alive()?;
        self.owned = true;
        run_bounded(
            self.admin().args([
                "--lld",
                "iscsi",
                "--mode",
                "target",
                "--op",
                "new",
                "--tid",
                TID,
                "--targetname",
                TARGET_NAME,
            ]),
            ADMIN_TIMEOUT,
        )?;
        run_bounded(
            self.admin()
                .args([
                    "--lld",
                    "iscsi",
                    "--mode",
                    "logicalunit",
                    "--op",
                    "new",
                    "--tid",
                    TID,
                    "--lun",
                    &LUN.to_string(),
                    "--device-type",
                    "cd",
                    "--backing-store",
                ])
                .arg(backing),
            ADMIN_TIMEOUT,
        )?;
        run_bounded(
            self.admin().args([
                "--lld",
                "iscsi",
                "--mode",
                "target",
                "--op",
                "bind",
                "--tid",
                TID,
                "--initiator-address",
                "127.0.0.1",
            ]),
            ADMIN_TIMEOUT,
        )?;
        self.alive()
    }

    fn stop(&mut self) {
        self.end();
        if self.owned {
            // tgtd leaves its socket and lock file behind when it exits.
            for suffix in ["", ".lock"] {
                let _ = std::fs::remove_file(format!("{IPC_DIR}/socket.{}{suffix}", self.control));
            }
        }
    }

    fn end(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let _ = run_bounded(
            self.admin().args([
                "--lld", "iscsi", "--op", "delete", "--force", "--mode", "target", "--tid", TID,
            ]),
            ADMIN_TIMEOUT,
        );
        let _ = run_bounded(
            self.admin().args(["--mode", "system", "--op", "delete"]),
            ADMIN_TIMEOUT,
        );
        let deadline = Instant::now() + DAEMON_TIMEOUT;
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        // tgtd ignores SIGTERM; SIGKILL by its own pid as the last resort.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_differ() {
        let a = next_instance();
        let b = next_instance();
        assert_ne!(a, b);
        assert!((20_000..32_000).contains(&a));
    }
}
