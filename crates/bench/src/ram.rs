//! A port whose "device" is a block of memory: the cheapest possible drive,
//! so what is measured around it is the driver's own cost.
//!
//! It answers every command the benchmarked paths send with a valid answer,
//! so each path is measured on its success branch: INQUIRY, TEST UNIT READY,
//! READ CAPACITY, READ TOC formats 0 and 1, GET CONFIGURATION (RT = ALL,
//! CURRENT and ONE over a small CD-ROM feature list with C2 and Real-Time
//! Streaming), MODE SENSE(10) of pages 0x0E and 0x2A (current and
//! changeable values), MODE SELECT(10), READ SUB-CHANNEL formats 1–3 with a
//! play state that PLAY, PAUSE/RESUME and STOP move, GET EVENT STATUS
//! NOTIFICATION (media class, no event), GET PERFORMANCE, and the commands
//! without data (START STOP UNIT, PREVENT ALLOW, RESERVE/RELEASE, SEEK,
//! SET CD SPEED, SET STREAMING, SEND OPC). Anything else is refused with
//! ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE, so a path that sends a
//! command the bench did not plan for shows up as a failed row.
//!
//! READ CD and READ(10)/(12) copy from the image into the data-in buffer:
//! that copy is the device's own transfer (what a DMA engine would do) and,
//! like every other instruction of [`RamPort::execute`], is excluded from the
//! driver's instruction counts. An answer shorter than the buffer completes
//! with success and the real byte count.
//!
//! Two knobs shape the device for particular measurements:
//! [`RamPort::with_work`] makes every command take a fixed time (the
//! scaling table), [`RamPort::set_move_data`] turns the data transfers into
//! claims without copying (driver-only timing and callgrind).

use std::sync::Arc;
use std::time::{Duration, Instant};

use cdfilter_core::port::{Command, DataPhase, Port, PortResult};

/// Bytes of one raw CD sector in the image.
pub const RAW_SECTOR: usize = 2352;
/// Bytes of one cooked sector.
pub const COOKED_SECTOR: usize = 2048;

/// Audio status values of READ SUB-CHANNEL.
mod audio {
    pub const PLAYING: u8 = 0x11;
    pub const PAUSED: u8 = 0x12;
    pub const NO_STATUS: u8 = 0x15;
}

/// The RAM drive.
#[derive(Debug)]
pub struct RamPort {
    image: Arc<[u8]>,
    max_transfer: u32,
    /// Commands executed.
    pub commands: u64,
    /// Bytes the device moved into (or took from) data buffers.
    pub bytes_moved: u64,
    audio_status: u8,
    work: Duration,
    /// Time spent inside `execute` while `work` is set.
    pub busy: Duration,
    move_data: bool,
}

impl RamPort {
    /// A drive with `sectors` raw 2352-byte sectors and a per-command
    /// transfer limit of `max_transfer` bytes.
    pub fn new(sectors: usize, max_transfer: u32) -> Self {
        // Bytes 0, 1, …, 250, 0, 1, …: no two nearby sectors alike. Built
        // by whole periods (fast also in debug builds, where tests run).
        let len = sectors * RAW_SECTOR;
        let period: Vec<u8> = (0..251u8).collect();
        let mut image = Vec::with_capacity(len + period.len());
        while image.len() < len {
            image.extend_from_slice(&period);
        }
        image.truncate(len);
        Self {
            image: image.into(),
            max_transfer,
            commands: 0,
            bytes_moved: 0,
            audio_status: audio::NO_STATUS,
            work: Duration::ZERO,
            busy: Duration::ZERO,
            move_data: true,
        }
    }

    /// Every command keeps the device busy for at least `work`: the thread
    /// sleeps inside `execute`, i.e. under the device's serialisation, the
    /// way a request waits for a real drive (no CPU used). The time really
    /// spent inside `execute` accumulates in [`RamPort::busy`].
    #[must_use]
    pub fn with_work(mut self, work: Duration) -> Self {
        self.work = work;
        self
    }

    /// With `false`, READ CD and READ(10)/(12) report the full transfer
    /// without touching the buffer: the device's cost drops to nothing, so a
    /// timed loop measures the driver alone.
    pub fn set_move_data(&mut self, move_data: bool) {
        self.move_data = move_data;
    }

    /// The image (shared, so a baseline memcpy can read the very bytes the
    /// device reads).
    pub fn image(&self) -> Arc<[u8]> {
        Arc::clone(&self.image)
    }

    /// Sectors on the disc.
    pub fn sectors(&self) -> usize {
        self.image.len() / RAW_SECTOR
    }

    fn last_lba(&self) -> u32 {
        (self.sectors() as u32).saturating_sub(1)
    }

    /// Copies `image[start..]` into `buf` (the device's transfer).
    fn transfer(&mut self, buf: &mut [u8], start: usize) -> PortResult {
        let Some(src) = self.image.get(start..start.saturating_add(buf.len())) else {
            // LOGICAL BLOCK ADDRESS OUT OF RANGE.
            return PortResult::check_condition(5, 0x21, 0);
        };
        if self.move_data {
            buf.copy_from_slice(src);
        }
        self.bytes_moved += buf.len() as u64;
        PortResult::good(buf.len() as u32)
    }

    fn data_in(&mut self, cdb: &[u8], buf: &mut [u8]) -> PortResult {
        match byte(cdb, 0) {
            0x12 => put(buf, &INQUIRY),
            0x25 => {
                let mut a = [0u8; 8];
                a[..4].copy_from_slice(&self.last_lba().to_be_bytes());
                a[4..].copy_from_slice(&(COOKED_SECTOR as u32).to_be_bytes());
                put(buf, &a)
            }
            0x43 => self.read_toc(cdb, buf),
            0x46 => get_configuration(cdb, buf),
            0x5A => mode_sense10(cdb, buf),
            0x42 => self.read_sub_channel(cdb, buf),
            0x4A => put(buf, &GESN_NO_EVENT),
            0xAC => get_performance(cdb, buf, self.last_lba()),
            // READ CD: the image is 2352 bytes per sector; larger sector
            // formats read on into the next sector (the bytes are not
            // inspected, only moved).
            0xBE => self.transfer(buf, be32(cdb, 2) as usize * RAW_SECTOR),
            // READ(10)/READ(12): cooked sectors.
            0x28 | 0xA8 => self.transfer(buf, be32(cdb, 2) as usize * COOKED_SECTOR),
            _ => invalid_opcode(),
        }
    }

    fn read_toc(&self, cdb: &[u8], buf: &mut [u8]) -> PortResult {
        let msf = byte(cdb, 1) & 0x02 != 0;
        let address = |lba: u32| -> [u8; 4] {
            if msf {
                let frames = lba + 150;
                [
                    0,
                    (frames / 4500) as u8,
                    (frames / 75 % 60) as u8,
                    (frames % 75) as u8,
                ]
            } else {
                lba.to_be_bytes()
            }
        };
        match byte(cdb, 2) & 0x0F {
            // Formatted TOC: one audio track at LBA 0, then the lead-out.
            0 => {
                let mut toc = [
                    0, 18, 1, 1, //
                    0, 0x10, 1, 0, 0, 0, 0, 0, //
                    0, 0x10, 0xAA, 0, 0, 0, 0, 0,
                ];
                toc[8..12].copy_from_slice(&address(0));
                toc[16..20].copy_from_slice(&address(self.last_lba() + 1));
                put(buf, &toc)
            }
            // Session information: one session, its first track at LBA 0.
            1 => {
                let mut session = [0, 10, 1, 1, 0, 0x10, 1, 0, 0, 0, 0, 0];
                session[8..12].copy_from_slice(&address(0));
                put(buf, &session)
            }
            // INVALID FIELD IN CDB.
            _ => PortResult::check_condition(5, 0x24, 0),
        }
    }

    fn read_sub_channel(&self, cdb: &[u8], buf: &mut [u8]) -> PortResult {
        let status = self.audio_status;
        match byte(cdb, 3) {
            // Current position: track 1 index 1, a second into the track.
            1 => {
                let mut q = [0, status, 0, 12, 1, 0x10, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
                if byte(cdb, 1) & 0x02 != 0 {
                    q[8..12].copy_from_slice(&[0, 0, 3, 0]);
                    q[12..16].copy_from_slice(&[0, 0, 1, 0]);
                } else {
                    q[8..12].copy_from_slice(&75u32.to_be_bytes());
                    q[12..16].copy_from_slice(&75u32.to_be_bytes());
                }
                put(buf, &q)
            }
            // Media catalogue number (MCVal set).
            2 => {
                let mut q = [0u8; 24];
                q[..5].copy_from_slice(&[0, status, 0, 20, 2]);
                q[8] = 0x80;
                q[9..22].copy_from_slice(b"0123456789012");
                put(buf, &q)
            }
            // Track ISRC (TCVal set).
            3 => {
                let mut q = [0u8; 24];
                q[..7].copy_from_slice(&[0, status, 0, 20, 3, 0x10, byte(cdb, 6)]);
                q[8] = 0x80;
                q[9..21].copy_from_slice(b"USXYZ2500001");
                put(buf, &q)
            }
            _ => PortResult::check_condition(5, 0x24, 0),
        }
    }

    /// Commands without a data-in phase; the audio ones move the play state.
    fn no_data(&mut self, cdb: &[u8]) -> PortResult {
        match byte(cdb, 0) {
            // PLAY AUDIO MSF.
            0x47 => self.audio_status = audio::PLAYING,
            // PAUSE/RESUME: byte 8 bit 0 is Resume.
            0x4B => {
                self.audio_status = if byte(cdb, 8) & 1 != 0 {
                    audio::PLAYING
                } else {
                    audio::PAUSED
                };
            }
            // START STOP UNIT, STOP PLAY/SCAN: nothing plays afterwards.
            0x1B | 0x4E => self.audio_status = audio::NO_STATUS,
            // TEST UNIT READY, RESERVE(6)/RELEASE(6), PREVENT ALLOW, SEEK,
            // SEND OPC, SET CD SPEED.
            0x00 | 0x16 | 0x17 | 0x1E | 0x2B | 0x54 | 0xBB => {}
            _ => return invalid_opcode(),
        }
        PortResult::good(0)
    }

    /// Waits out the device's work for one command.
    fn spend_work(&mut self, start: Option<Instant>) {
        if let Some(start) = start {
            std::thread::sleep(self.work);
            self.busy += start.elapsed();
        }
    }
}

impl Port for RamPort {
    #[inline(never)]
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        // The clock is read only when there is work to time.
        let start = (!self.work.is_zero()).then(Instant::now);
        self.commands += 1;
        let cdb = cmd.cdb.as_bytes();
        let result = match cmd.data {
            DataPhase::In(buf) => self.data_in(cdb, buf),
            // MODE SELECT(10), SET STREAMING: the parameter list is taken.
            DataPhase::Out(b) if matches!(byte(cdb, 0), 0x55 | 0xB6) => {
                self.bytes_moved += b.len() as u64;
                PortResult::good(b.len() as u32)
            }
            DataPhase::Out(_) => invalid_opcode(),
            DataPhase::None => self.no_data(cdb),
        };
        self.spend_work(start);
        result
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.max_transfer
    }
}

/// Standard INQUIRY data, 36 bytes: CD-ROM, removable, SPC-3.
const INQUIRY: [u8; 36] = *b"\x05\x80\x05\x32\x1f\x00\x00\x00CDFILTERRAM DRIVE       1.00";

/// GESN, media class polled: no event, medium present.
const GESN_NO_EVENT: [u8; 8] = [0, 6, 0x04, 0x10, 0, 0x02, 0, 0];

/// Feature descriptors of GET CONFIGURATION: (code, byte 2, data).
const FEATURES: [(u16, u8, &[u8]); 5] = [
    // Profile List: CD-ROM, current.
    (0x0000, 0x03, &[0x00, 0x08, 0x01, 0x00]),
    // Core: ATAPI, DBE.
    (0x0001, 0x0B, &[0, 0, 0, 2, 1, 0, 0, 0]),
    // Removable Medium: tray, eject, lock.
    (0x0003, 0x03, &[0x29, 0, 0, 0]),
    // CD Read: C2 error pointers.
    (0x001E, 0x09, &[0x02, 0, 0, 0]),
    // Real-Time Streaming, current: SET CD SPEED supported, no writing.
    (0x0107, 0x0D, &[0x08, 0, 0, 0]),
];

fn get_configuration(cdb: &[u8], buf: &mut [u8]) -> PortResult {
    let rt = byte(cdb, 1) & 0x03;
    let start = u16::from_be_bytes([byte(cdb, 2), byte(cdb, 3)]);
    let mut answer = [0u8; 64];
    answer[6..8].copy_from_slice(&0x0008u16.to_be_bytes());
    let mut end = 8;
    for (code, flags, data) in FEATURES {
        let wanted = match rt {
            0 => code >= start,
            1 => code >= start && flags & 1 != 0,
            _ => code == start,
        };
        if wanted {
            answer[end..end + 2].copy_from_slice(&code.to_be_bytes());
            answer[end + 2] = flags;
            answer[end + 3] = data.len() as u8;
            answer[end + 4..end + 4 + data.len()].copy_from_slice(data);
            end += 4 + data.len();
        }
    }
    answer[..4].copy_from_slice(&(end as u32 - 4).to_be_bytes());
    put(buf, &answer[..end])
}

/// Page 0x2A, current values: C2 pointers, R-W, CD-DA, accurate stream.
const PAGE_2A: [u8; 22] = [
    0x2A, 0x14, 0x3B, 0, 0x71, 0x17, 0x29, 0, 0x1B, 0x90, 0, 0xFF, 0x04, 0, 0x1B, 0x90, 0, 0, 0, 0,
    0, 0,
];

/// Page 0x0E, current values: IMMED, ports 0 and 1 at full volume.
const PAGE_0E: [u8; 16] = [
    0x0E, 0x0E, 0x04, 0, 0, 0, 0, 0x4B, 0x01, 0xFF, 0x02, 0xFF, 0, 0, 0, 0,
];

/// Page 0x0E, changeable values: the channel selections and volumes.
const PAGE_0E_CHANGEABLE: [u8; 16] = [
    0x0E, 0x0E, 0, 0, 0, 0, 0, 0, 0x0F, 0xFF, 0x0F, 0xFF, 0x0F, 0xFF, 0x0F, 0xFF,
];

fn mode_sense10(cdb: &[u8], buf: &mut [u8]) -> PortResult {
    let changeable = byte(cdb, 2) >> 6 == 1;
    let page: &[u8] = match (byte(cdb, 2) & 0x3F, changeable) {
        (0x2A, false) => &PAGE_2A,
        (0x2A, true) => &[
            0x2A, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ],
        (0x0E, false) => &PAGE_0E,
        (0x0E, true) => &PAGE_0E_CHANGEABLE,
        _ => return PortResult::check_condition(5, 0x24, 0),
    };
    // 8-byte header without block descriptors.
    let mut answer = [0u8; 8 + 22];
    let len = 8 + page.len();
    answer[..2].copy_from_slice(&(len as u16 - 2).to_be_bytes());
    answer[8..len].copy_from_slice(page);
    put(buf, &answer[..len])
}

fn get_performance(cdb: &[u8], buf: &mut [u8], last_lba: u32) -> PortResult {
    // One 16-byte descriptor: nominal performance (type 0) or write speed
    // (type 3), 7056 kB/s (40×) over the whole disc.
    let mut answer = [0u8; 8 + 16];
    answer[..4].copy_from_slice(&20u32.to_be_bytes());
    match byte(cdb, 10) {
        0 => {
            answer[12..16].copy_from_slice(&7056u32.to_be_bytes());
            answer[16..20].copy_from_slice(&last_lba.to_be_bytes());
            answer[20..24].copy_from_slice(&7056u32.to_be_bytes());
        }
        3 => {
            answer[12..16].copy_from_slice(&last_lba.to_be_bytes());
            answer[16..20].copy_from_slice(&7056u32.to_be_bytes());
            answer[20..24].copy_from_slice(&7056u32.to_be_bytes());
        }
        _ => return PortResult::check_condition(5, 0x24, 0),
    }
    let descriptors = usize::from(u16::from_be_bytes([byte(cdb, 8), byte(cdb, 9)]));
    put(buf, &answer[..8 + 16 * descriptors.min(1)])
}

/// ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE.
fn invalid_opcode() -> PortResult {
    PortResult::check_condition(5, 0x20, 0)
}

/// Hands `answer` to the data-in buffer: as much as fits.
fn put(buf: &mut [u8], answer: &[u8]) -> PortResult {
    let n = buf.len().min(answer.len());
    buf[..n].copy_from_slice(&answer[..n]);
    PortResult::good(n as u32)
}

fn byte(cdb: &[u8], i: usize) -> u8 {
    cdb.get(i).copied().unwrap_or(0)
}

fn be32(cdb: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([
        byte(cdb, i),
        byte(cdb, i + 1),
        byte(cdb, i + 2),
        byte(cdb, i + 3),
    ])
}
