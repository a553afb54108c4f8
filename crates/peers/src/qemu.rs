//! QEMU's emulated IDE/ATAPI CD-ROM (`ide-cd`) as a [`Port`], driven over
//! qtest with no guest OS.
//!
//! QEMU runs with the CPU stopped (`-S`); this process plays the guest's
//! ATAPI driver through the primary IDE channel's task-file registers
//! (0x1F0–0x1F7, alternate status 0x3F6), the way an ATA/ATAPI host does in
//! PIO mode:
//!
//! 1. select device 0, features 0 (PIO), byte-count limit 0xFFFE, command
//!    PACKET (0xA0); the device raises DRQ for the command packet;
//! 2. the 12-byte CDB as six 16-bit writes to the data register;
//! 3. poll until BSY clears; while DRQ is set, the interrupt-reason register
//!    gives the direction and 0x1F4/0x1F5 the byte count of the next block,
//!    which is moved through the data register (32-bit accesses, a 16-bit one
//!    for a trailing odd word); repeat per block;
//! 4. with BSY and DRQ clear the command is over; ERR set means CHECK
//!    CONDITION, and REQUEST SENSE (0x03) fetches the sense data.
//!
//! A whole set-up (steps 1–2 and the first status read) is one qtest batch,
//! and each data block travels in one batch together with the status reads
//! that follow it, so a command costs two or three pipe round trips plus one
//! per 2 KiB block.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use cdfilter_core::port::{scsi_status, Command, DataPhase, Port, PortResult, SrbStatus};
use serde_json::json;

use crate::qmp::Qmp;
use crate::qtest::{Qtest, Width};
use crate::{quirks, PeerError, Result};

/// The QEMU binary.
pub const QEMU: &str = "qemu-system-x86_64";

/// Task-file registers of the primary channel.
mod reg {
    pub const DATA: u16 = 0x1F0;
    /// Read: error; write: features.
    pub const ERROR: u16 = 0x1F1;
    /// ATAPI interrupt reason (the sector-count register).
    pub const IREASON: u16 = 0x1F2;
    /// Byte count, low / high (cylinder low / high).
    pub const BCL: u16 = 0x1F4;
    pub const BCH: u16 = 0x1F5;
    pub const DEVICE: u16 = 0x1F6;
    /// Read: status; write: command.
    pub const STATUS: u16 = 0x1F7;
    /// Read: alternate status (does not acknowledge the interrupt).
    pub const ALT_STATUS: u16 = 0x3F6;
}

/// Status register bits.
mod st {
    pub const BSY: u32 = 0x80;
    pub const DRQ: u32 = 0x08;
    pub const ERR: u32 = 0x01;
}

/// Interrupt-reason bits.
mod ireason {
    /// I/O: 1 = device to host.
    pub const IO: u32 = 0x02;
}

const CMD_PACKET: u32 = 0xA0;
const CMD_DEVICE_RESET: u32 = 0x08;
/// Byte-count limit programmed for every command (the largest even value).
const BYTE_COUNT_LIMIT: u32 = 0xFFFE;
/// REQUEST SENSE allocation length (fixed-format sense).
const SENSE_ALLOC: usize = 18;

/// The registers read after every step.
#[derive(Clone, Copy, Debug)]
struct TaskFile {
    status: u32,
    ireason: u32,
    byte_count: usize,
    error: u32,
}

/// How a PACKET command ended.
enum Ended {
    /// Status without ERR. `overflow`: the device offered more bytes than
    /// the buffer holds (the excess was drained and dropped).
    Good { moved: usize, overflow: bool },
    /// ERR set; `key` is the sense key from the error register.
    Check { moved: usize, key: u8 },
}

/// Why a command did not complete.
enum Fault {
    /// The qtest pipe failed: QEMU is gone.
    Gone,
    Timeout,
    Protocol,
}

impl From<io::Error> for Fault {
    fn from(_: io::Error) -> Self {
        Self::Gone
    }
}

/// QEMU's ATAPI CD-ROM.
///
/// Dropping the port ends the QEMU process it started (by its process id)
/// and waits for it.
pub struct QemuPort {
    child: Child,
    qtest: Qtest,
    qmp: Option<Qmp>,
    dir: tempfile::TempDir,
    translate_toc_format: bool,
}

impl std::fmt::Debug for QemuPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QemuPort")
            .field("pid", &self.child.id())
            .field("dir", &self.dir.path())
            .field("translate_toc_format", &self.translate_toc_format)
            .finish_non_exhaustive()
    }
}

/// QEMU's `-drive` option separates with commas; a comma in a file name is
/// written twice.
fn drive_file(path: &Path) -> String {
    path.to_string_lossy().replace(',', ",,")
}

fn checked_image(iso: &Path) -> Result<PathBuf> {
    let abs = std::fs::canonicalize(iso).map_err(|e| PeerError::Image {
        path: iso.to_owned(),
        reason: e.to_string(),
    })?;
    if !abs.is_file() {
        return Err(PeerError::Image {
            path: iso.to_owned(),
            reason: "not a file".to_owned(),
        });
    }
    Ok(abs)
}

impl QemuPort {
    /// Starts QEMU with `iso` in a read-only ATAPI CD-ROM drive and checks
    /// that the qtest channel answers.
    pub fn start(iso: &Path) -> Result<Self> {
        let iso = checked_image(iso)?;
        let qemu = crate::find_program(QEMU).ok_or(PeerError::Missing {
            program: QEMU,
            hint: "apt-get install qemu-system-x86",
        })?;
        let dir = tempfile::Builder::new()
            .prefix("cdfilter-qemu")
            .tempdir()
            .map_err(|source| PeerError::Io {
                what: "creating a directory for QEMU".to_owned(),
                source,
            })?;
        let socket = dir.path().join("qmp.sock");
        let log = File::create(dir.path().join("qemu.log")).map_err(|source| PeerError::Io {
            what: "creating QEMU's log".to_owned(),
            source,
        })?;
        let mut child = Process::new(&qemu)
            .args([
                "-machine",
                "pc",
                "-accel",
                "tcg",
                "-S",
                "-qtest",
                "stdio",
                "-display",
                "none",
                "-nodefaults",
                "-drive",
            ])
            .arg(format!(
                "if=none,id=cd0,file={},media=cdrom,format=raw,readonly=on",
                drive_file(&iso)
            ))
            .args(["-device", "ide-cd,drive=cd0,bus=ide.0,unit=0,id=cd", "-qmp"])
            .arg(format!("unix:{},server=on,wait=off", socket.display()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|source| PeerError::Spawn {
                program: qemu.display().to_string(),
                source,
            })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PeerError::Protocol("QEMU's pipes are missing".to_owned()));
        };
        let mut port = Self {
            child,
            qtest: Qtest::new(stdin, stdout),
            qmp: None,
            dir,
            translate_toc_format: true,
        };
        // The first answer proves the machine is built and qtest is live.
        let alive = port
            .qtest
            .inp(Width::Byte, reg::STATUS)
            .and_then(|()| port.qtest.sync());
        if let Err(e) = alive {
            return Err(PeerError::Protocol(format!(
                "QEMU did not answer on qtest ({e}): {}",
                port.log()
            )));
        }
        Ok(port)
    }

    /// QEMU's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What QEMU wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("qemu.log"))
            .unwrap_or_default()
            .trim()
            .to_owned()
    }

    /// Whether READ TOC's MMC format field (byte 2) is copied into the old
    /// ATAPI format field (byte 9 bits 7–6) that QEMU reads; on by default.
    /// See [`quirks::QEMU_TOC_FORMAT_IN_BYTE_9`].
    pub fn set_toc_format_translation(&mut self, on: bool) {
        self.translate_toc_format = on;
    }

    fn qmp(&mut self) -> Result<&mut Qmp> {
        if self.qmp.is_none() {
            let socket = self.dir.path().join("qmp.sock");
            self.qmp = Some(Qmp::connect(&socket, Duration::from_secs(5))?);
        }
        self.qmp
            .as_mut()
            .ok_or_else(|| PeerError::Protocol("QMP session lost".to_owned()))
    }

    /// Opens the tray and removes the medium, even if the drive has been
    /// told to prevent removal (QMP `eject` with `force`).
    pub fn eject_medium(&mut self) -> Result<()> {
        self.qmp()?
            .execute("eject", &json!({ "id": "cd", "force": true }))?;
        Ok(())
    }

    /// Removes the medium and inserts `iso` (QMP `eject` with `force`, then
    /// `blockdev-change-medium`). Afterwards the drive reports the
    /// media-change sequence: NOT READY 3A/00, UNIT ATTENTION 28/00, ready.
    pub fn change_medium(&mut self, iso: &Path) -> Result<()> {
        let iso = checked_image(iso)?;
        self.eject_medium()?;
        self.qmp()?.execute(
            "blockdev-change-medium",
            &json!({
                "id": "cd",
                "filename": iso.to_string_lossy(),
                "format": "raw",
                "read-only-mode": "read-only",
            }),
        )?;
        Ok(())
    }

    fn queue_task_file(&mut self) -> io::Result<()> {
        for r in [reg::STATUS, reg::IREASON, reg::BCL, reg::BCH, reg::ERROR] {
            self.qtest.inp(Width::Byte, r)?;
        }
        Ok(())
    }

    fn task_file(v: &[u32]) -> Option<TaskFile> {
        let [status, ireason, bcl, bch, error] = *v else {
            return None;
        };
        Some(TaskFile {
            status,
            ireason,
            byte_count: ((bch & 0xFF) << 8 | (bcl & 0xFF)) as usize,
            error,
        })
    }

    /// Runs one PACKET command with its data phase.
    fn packet(
        &mut self,
        cdb: &[u8; 12],
        data: &mut DataPhase<'_>,
        deadline: Instant,
    ) -> std::result::Result<Ended, Fault> {
        let q = &mut self.qtest;
        q.out(Width::Byte, reg::DEVICE, 0xA0)?;
        q.out(Width::Byte, reg::ERROR, 0)?;
        q.out(Width::Byte, reg::BCL, BYTE_COUNT_LIMIT & 0xFF)?;
        q.out(Width::Byte, reg::BCH, BYTE_COUNT_LIMIT >> 8)?;
        q.out(Width::Byte, reg::STATUS, CMD_PACKET)?;
        q.inp(Width::Byte, reg::ALT_STATUS)?;
        // QEMU raises DRQ for the packet synchronously, so the CDB goes in
        // the same batch; had DRQ not been raised the device ignores data
        // writes and the check below reports it.
        for pair in cdb.chunks_exact(2) {
            q.out(
                Width::Word,
                reg::DATA,
                u32::from(u16::from_le_bytes([pair[0], pair[1]])),
            )?;
        }
        self.queue_task_file()?;
        let v = self.qtest.sync()?;
        let (alt, rest) = v.split_first().ok_or(Fault::Protocol)?;
        if alt & (st::BSY | st::DRQ) != st::DRQ {
            return Err(Fault::Protocol);
        }
        let mut tf = Self::task_file(rest).ok_or(Fault::Protocol)?;
        self.qtest.recycle(v);
        let mut moved = 0usize;
        let mut overflow = false;
        loop {
            if tf.status & st::BSY != 0 {
                if Instant::now() > deadline {
                    return Err(Fault::Timeout);
                }
            } else if tf.status & st::DRQ != 0 {
                if tf.byte_count == 0 {
                    return Err(Fault::Protocol);
                }
                if tf.ireason & ireason::IO != 0 {
                    self.data_in(tf.byte_count)?;
                } else {
                    self.data_out(tf.byte_count, data, &mut moved)?;
                }
                // data_in / data_out queued the task-file reads after the
                // block; fall through to collect them.
                let v = self.qtest.sync()?;
                let split = v.len().checked_sub(5).ok_or(Fault::Protocol)?;
                let (block, regs) = v.split_at(split);
                if !block.is_empty() {
                    place(block, tf.byte_count, data, &mut moved, &mut overflow);
                }
                let next = Self::task_file(regs).ok_or(Fault::Protocol)?;
                self.qtest.recycle(v);
                if next.status & st::DRQ != 0
                    && next.byte_count == tf.byte_count
                    && tf.byte_count % 2 == 1
                {
                    // An odd block QEMU cannot finish (its data register
                    // needs a whole word): see quirks::QEMU_ODD_BYTE_COUNT.
                    return Err(Fault::Protocol);
                }
                tf = next;
                continue;
            } else if tf.status & st::ERR != 0 {
                return Ok(Ended::Check {
                    moved,
                    key: (tf.error >> 4) as u8 & 0x0F,
                });
            } else {
                return Ok(Ended::Good { moved, overflow });
            }
            self.queue_task_file()?;
            let v = self.qtest.sync()?;
            tf = Self::task_file(&v).ok_or(Fault::Protocol)?;
            self.qtest.recycle(v);
        }
    }

    /// Queues the reads of one device-to-host block and the task-file reads
    /// after it. The values are placed by [`place`] once they arrive.
    fn data_in(&mut self, count: usize) -> io::Result<()> {
        let words = count.div_ceil(2);
        for _ in 0..words / 2 {
            self.qtest.inp(Width::Long, reg::DATA)?;
        }
        if words % 2 == 1 {
            self.qtest.inp(Width::Word, reg::DATA)?;
        }
        self.queue_task_file()
    }

    /// Queues the writes of one host-to-device block (bytes past the
    /// caller's data are sent as zeros) and the task-file reads after it.
    fn data_out(
        &mut self,
        count: usize,
        data: &DataPhase<'_>,
        moved: &mut usize,
    ) -> io::Result<()> {
        let src: &[u8] = match data {
            DataPhase::Out(b) => b,
            DataPhase::In(_) | DataPhase::None => &[],
        };
        let at = *moved;
        for i in (0..count).step_by(2) {
            let byte = |k: usize| src.get(at + i + k).copied().unwrap_or(0);
            self.qtest.out(
                Width::Word,
                reg::DATA,
                u32::from(u16::from_le_bytes([byte(0), byte(1)])),
            )?;
        }
        *moved = at.saturating_add(count).min(src.len());
        self.queue_task_file()?;
        Ok(())
    }

    /// Issues DEVICE RESET after a fault and waits (bounded) for BSY to
    /// clear, so the next command starts from a clean state.
    fn reset_device(&mut self) {
        let reset = self
            .qtest
            .out(Width::Byte, reg::DEVICE, 0xA0)
            .and_then(|()| self.qtest.out(Width::Byte, reg::STATUS, CMD_DEVICE_RESET))
            .and_then(|()| self.qtest.sync());
        if reset.is_err() {
            return;
        }
        for _ in 0..1000 {
            let s = self
                .qtest
                .inp(Width::Byte, reg::ALT_STATUS)
                .and_then(|()| self.qtest.sync());
            match s.as_deref() {
                Ok([s]) if s & st::BSY == 0 => return,
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }

    fn fault(&mut self, f: Fault) -> PortResult {
        match f {
            // The process is gone or the pipe broke: nothing answers any more.
            Fault::Gone => PortResult::srb_error(SrbStatus::SELECTION_TIMEOUT),
            Fault::Timeout => {
                self.reset_device();
                PortResult::srb_error(SrbStatus::COMMAND_TIMEOUT)
            }
            Fault::Protocol => {
                self.reset_device();
                PortResult::srb_error(SrbStatus::PHASE_SEQUENCE_FAILURE)
            }
        }
    }

    /// REQUEST SENSE after ERR: the sense bytes, or `None` if that failed too.
    fn request_sense(&mut self, deadline: Instant) -> Option<([u8; 32], u8)> {
        let cdb = [0x03, 0, 0, 0, SENSE_ALLOC as u8, 0, 0, 0, 0, 0, 0, 0];
        let mut buf = [0u8; 32];
        let got = {
            let mut data = DataPhase::In(&mut buf[..SENSE_ALLOC]);
            self.packet(&cdb, &mut data, deadline)
        };
        match got {
            Ok(Ended::Good { moved, .. }) if moved >= 8 => Some((buf, moved as u8)),
            Ok(_) => None,
            Err(f) => {
                let _ = self.fault(f);
                None
            }
        }
    }
}

/// Copies the values of one device-to-host block into the buffer after
/// `moved` bytes; bytes past the buffer set `overflow`.
fn place(
    values: &[u32],
    count: usize,
    data: &mut DataPhase<'_>,
    moved: &mut usize,
    overflow: &mut bool,
) {
    let words = count.div_ceil(2);
    let longs = words / 2;
    let mut bytes = Vec::with_capacity(words * 2);
    for (i, v) in values.iter().enumerate() {
        if i < longs {
            bytes.extend_from_slice(&v.to_le_bytes());
        } else {
            bytes.extend_from_slice(&(*v as u16).to_le_bytes());
        }
    }
    bytes.truncate(count);
    let dst: &mut [u8] = match data {
        DataPhase::In(b) => b,
        DataPhase::Out(_) | DataPhase::None => &mut [],
    };
    let room = dst.len().saturating_sub(*moved);
    let n = room.min(bytes.len());
    if let Some(d) = dst.get_mut(*moved..*moved + n) {
        d.copy_from_slice(&bytes[..n]);
    }
    *moved += n;
    if n < bytes.len() {
        *overflow = true;
    }
}

impl Port for QemuPort {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let Command {
            cdb,
            mut data,
            timeout_secs,
        } = cmd;
        // ATAPI carries 12-byte packets; a 16-byte CDB cannot be sent.
        let mut packet = [0u8; 12];
        let Some(dst) = packet.get_mut(..cdb.len()) else {
            return PortResult::srb_error(SrbStatus::INVALID_REQUEST);
        };
        dst.copy_from_slice(cdb.as_bytes());
        if self.translate_toc_format {
            quirks::qemu_toc_format_to_byte_9(&mut packet);
        }
        let secs = if timeout_secs == 0 { 10 } else { timeout_secs };
        let deadline = Instant::now() + Duration::from_secs(u64::from(secs));
        let capacity = match &data {
            DataPhase::In(b) => b.len(),
            DataPhase::Out(_) | DataPhase::None => 0,
        };
        match self.packet(&packet, &mut data, deadline) {
            Ok(Ended::Good { moved, overflow }) => {
                if overflow || moved < capacity {
                    let mut r = PortResult::srb_error(SrbStatus::DATA_OVERRUN);
                    r.transferred = moved as u32;
                    r
                } else {
                    PortResult::good(moved as u32)
                }
            }
            Ok(Ended::Check { moved, key }) => {
                let mut r = PortResult::srb_error(SrbStatus::ERROR);
                r.scsi_status = scsi_status::CHECK_CONDITION;
                r.transferred = moved as u32;
                if let Some((sense, len)) = self.request_sense(deadline) {
                    r.sense = sense;
                    r.sense_len = len;
                } else {
                    // REQUEST SENSE failed too: the key from the error
                    // register alone, with no ASC (additional length 0).
                    r.sense[0] = 0x70;
                    r.sense[2] = key;
                    r.sense_len = 8;
                }
                r
            }
            Err(f) => self.fault(f),
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }

    /// Word alignment, like an ATAPI miniport: QEMU cannot finish a block
    /// of an odd byte count ([`quirks::QEMU_ODD_BYTE_COUNT`]), and with this
    /// mask the driver refuses odd output lengths before any command.
    fn alignment_mask(&self) -> u32 {
        1
    }

    fn delay(&mut self, hundred_ns: u64) {
        std::thread::sleep(Duration::from_nanos(hundred_ns.saturating_mul(100)));
    }
}

impl Drop for QemuPort {
    fn drop(&mut self) {
        // QEMU does not exit when stdin closes; end it by its own pid.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
