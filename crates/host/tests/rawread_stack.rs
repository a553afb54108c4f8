//! IOCTL_CDROM_RAW_READ through the host stack (KMDF model + verifier) over
//! a small drive that fills every sector with a pattern derived from its
//! LBA and checks each READ CD it receives.

use cdfilter_core::port::{Command, DataPhase, Port, PortResult};
use cdfilter_core::status::NtStatus;
use cdfilter_host::blank::BlankDrive;
use cdfilter_host::model::Granted;
use cdfilter_host::record::Recorded;
use cdfilter_host::{IoResult, Stack};

const RAW_READ: u32 = 0x0002_403E;
const EXCLUSIVE_ACCESS: u32 = 0x0002_C05C;

/// Modes as (TRACK_MODE_TYPE, byte 1, byte 9, byte 10, bytes per sector).
const MODES: [(u32, u8, u8, u8, usize); 6] = [
    (0, 0x0C, 0xB0, 0x00, 2352),
    (1, 0x14, 0xF8, 0x00, 2352),
    (2, 0x04, 0xF0, 0x00, 2352),
    (3, 0x00, 0xFC, 0x01, 2744),
    (4, 0x00, 0xFC, 0x00, 2648),
    (5, 0x00, 0xF8, 0x01, 2448),
];

/// Byte `k` of the sector at `lba` as the drive returns it.
fn pattern(lba: u32, k: usize) -> u8 {
    let h = lba.wrapping_mul(0x9E37_79B1) >> 24;
    (h as u8) ^ (k as u8).wrapping_mul(7) ^ ((k >> 8) as u8)
}

/// A drive with `sectors` sectors that serves READ CD with the pattern,
/// answers READ CAPACITY, GET CONFIGURATION (CD Read with C2 when `c2`)
/// and page 0x2A (C2 and R-W bits as configured), and GOOD with zeros to
/// anything else.
struct PatternDrive {
    sectors: u32,
    readable: u32,
    c2: bool,
    rw: bool,
    max_transfer: u32,
}

impl PatternDrive {
    fn new() -> Self {
        Self {
            sectors: 1000,
            readable: 1000,
            c2: true,
            rw: true,
            max_transfer: 64 * 1024,
        }
    }

    fn read_cd(&self, cdb: &[u8], buf: &mut [u8]) -> PortResult {
        let lba = u32::from_be_bytes([cdb[2], cdb[3], cdb[4], cdb[5]]);
        let count = u32::from_be_bytes([0, cdb[6], cdb[7], cdb[8]]);
        let &(_, _, _, _, per_sector) = MODES
            .iter()
            .find(|m| (m.1, m.2, m.3) == (cdb[1], cdb[9], cdb[10]))
            .unwrap_or_else(|| panic!("READ CD fields of no raw mode: {cdb:02x?}"));
        assert_eq!(cdb[11], 0, "control byte");
        assert_eq!(
            buf.len(),
            count as usize * per_sector,
            "data-in length for {count} sectors"
        );
        if lba + count > self.readable {
            return PortResult::check_condition(5, 0x21, 0);
        }
        for (i, sector) in buf.chunks_mut(per_sector).enumerate() {
            for (k, b) in sector.iter_mut().enumerate() {
                *b = pattern(lba + i as u32, k);
            }
        }
        PortResult::good(buf.len() as u32)
    }
}

fn reply(buf: &mut [u8], data: &[u8]) -> PortResult {
    let n = buf.len().min(data.len());
    buf[..n].copy_from_slice(&data[..n]);
    PortResult::good(n as u32)
}

impl Port for PatternDrive {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let cdb = cmd.cdb.as_bytes().to_vec();
        match cmd.data {
            DataPhase::In(buf) => match cdb[0] {
                0xBE => self.read_cd(&cdb, buf),
                0x25 => {
                    let mut d = (self.sectors - 1).to_be_bytes().to_vec();
                    d.extend_from_slice(&2048u32.to_be_bytes());
                    reply(buf, &d)
                }
                0x46 => {
                    let c2 = if self.c2 { 0x02 } else { 0x00 };
                    reply(
                        buf,
                        &[
                            0, 0, 0, 20, 0, 0, 0, 8, 0, 0, 3, 4, 0, 8, 1, 0, 0, 0x1E, 0x09, 4, c2,
                            0, 0, 0,
                        ],
                    )
                }
                0x5A => {
                    let b5 = if self.c2 { 0x10 } else { 0 } | if self.rw { 0x04 } else { 0 };
                    let mut d = vec![0, 28, 0x70, 0, 0, 0, 0, 0, 0x2A, 0x14, 0x3B, 0, 0x71, b5];
                    d.resize(30, 0);
                    reply(buf, &d)
                }
                _ => BlankDrive.execute(Command {
                    cdb: cmd.cdb,
                    data: DataPhase::In(buf),
                    timeout_secs: cmd.timeout_secs,
                }),
            },
            DataPhase::Out(buf) => PortResult::good(buf.len() as u32),
            DataPhase::None => PortResult::good(0),
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.max_transfer
    }
}

fn input(lba: i64, count: u32, mode: u32) -> Vec<u8> {
    let mut b = (lba * 2048).to_le_bytes().to_vec();
    b.extend_from_slice(&count.to_le_bytes());
    b.extend_from_slice(&mode.to_le_bytes());
    b
}

fn read_cds(r: &IoResult) -> Vec<&Recorded> {
    r.commands.iter().filter(|c| c.cdb[0] == 0xBE).collect()
}

#[track_caller]
fn assert_pattern(data: &[u8], first_lba: u32, per_sector: usize) {
    for (i, sector) in data.chunks(per_sector).enumerate() {
        let lba = first_lba + i as u32;
        assert!(
            sector
                .iter()
                .enumerate()
                .all(|(k, &b)| b == pattern(lba, k)),
            "sector {i} (LBA {lba}) differs"
        );
    }
}

#[test]
fn cdda_reads_ten_sectors_straight_into_the_callers_buffer() {
    let stack = Stack::new(PatternDrive::new());
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, RAW_READ, &input(16, 10, 2), 23520);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 23520));
    let cds = read_cds(&r);
    assert_eq!(cds.len(), 1);
    assert_eq!(
        cds[0].cdb,
        [0xBE, 0x04, 0, 0, 0, 0x10, 0, 0, 0x0A, 0xF0, 0, 0]
    );
    assert_eq!(
        (cds[0].data_addr, cds[0].data_len),
        (r.output.as_ptr() as usize, 23520)
    );
    assert_pattern(&r.output, 16, 2352);
    let copied = stack.device().platform.with_unit(|u| u.state.bytes_copied);
    assert_eq!(copied, 0);
    assert_eq!(stack.violations(), []);
}

#[test]
fn every_mode_delivers_whole_sectors_of_its_size() {
    let stack = Stack::new(PatternDrive::new());
    let h = stack.open(Granted::READ_WRITE);
    for (mode, b1, b9, b10, per_sector) in MODES {
        let r = stack.ioctl(h, RAW_READ, &input(100, 3, mode), 3 * per_sector);
        assert_eq!(
            (r.status, r.information),
            (NtStatus::SUCCESS, 3 * per_sector),
            "mode {mode}"
        );
        let cds = read_cds(&r);
        assert_eq!(
            cds[0].cdb,
            [0xBE, b1, 0, 0, 0, 100, 0, 0, 3, b9, b10, 0],
            "mode {mode}"
        );
        assert_eq!(cds[0].data_addr, r.output.as_ptr() as usize);
        assert_pattern(&r.output, 100, per_sector);
    }
    assert_eq!(stack.violations(), []);
}

#[test]
fn a_request_larger_than_the_port_limit_is_split_into_consecutive_windows() {
    // 64 KiB carry 27 sectors of 2352 bytes: 60 sectors = 27 + 27 + 6.
    let stack = Stack::new(PatternDrive::new());
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, RAW_READ, &input(200, 60, 2), 60 * 2352);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 60 * 2352));
    let base = r.output.as_ptr() as usize;
    let pieces: Vec<(Vec<u8>, usize, usize)> = read_cds(&r)
        .iter()
        .map(|c| (c.cdb.clone(), c.data_addr - base, c.data_len))
        .collect();
    assert_eq!(
        pieces,
        [
            (
                vec![0xBE, 0x04, 0, 0, 0, 200, 0, 0, 27, 0xF0, 0, 0],
                0,
                27 * 2352
            ),
            (
                vec![0xBE, 0x04, 0, 0, 0, 227, 0, 0, 27, 0xF0, 0, 0],
                27 * 2352,
                27 * 2352
            ),
            (
                vec![0xBE, 0x04, 0, 0, 0, 254, 0, 0, 6, 0xF0, 0, 0],
                54 * 2352,
                6 * 2352
            ),
        ]
    );
    assert_pattern(&r.output, 200, 2352);
    assert_eq!(stack.violations(), []);
}

#[test]
fn a_bigger_buffer_is_filled_only_up_to_information() {
    let stack = Stack::new(PatternDrive::new());
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, RAW_READ, &input(0, 2, 5), 3 * 2448);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 2 * 2448));
    assert_eq!(read_cds(&r)[0].data_len, 2 * 2448);
    // The verifier checks that no byte past Information changed.
    assert_eq!(stack.violations(), []);
}

#[test]
fn past_the_end_of_the_disc_no_read_cd_is_sent() {
    let stack = Stack::new(PatternDrive::new());
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, RAW_READ, &input(999, 2, 2), 2 * 2352);
    assert_eq!((r.status, r.information), (NtStatus::INVALID_PARAMETER, 0));
    assert!(read_cds(&r).is_empty());
    assert_eq!(stack.violations(), []);
}

#[test]
fn an_lba_the_drive_refuses_is_nonexistent_sector() {
    let stack = Stack::new(PatternDrive {
        readable: 900,
        ..PatternDrive::new()
    });
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, RAW_READ, &input(899, 2, 2), 2 * 2352);
    assert_eq!((r.status, r.information), (NtStatus::NONEXISTENT_SECTOR, 0));
    assert_eq!(stack.violations(), []);
}

#[test]
fn a_drive_without_c2_refuses_the_c2_modes_without_io() {
    let stack = Stack::new(PatternDrive {
        c2: false,
        ..PatternDrive::new()
    });
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, RAW_READ, &input(0, 1, 4), 2648);
    assert_eq!(
        (r.status, r.information),
        (NtStatus::INVALID_DEVICE_REQUEST, 0)
    );
    assert!(read_cds(&r).is_empty());
    let r = stack.ioctl(h, RAW_READ, &input(0, 1, 5), 2448);
    assert_eq!(r.status, NtStatus::SUCCESS);
    assert_eq!(stack.violations(), []);
}

#[test]
fn another_handles_lock_refuses_raw_reads_without_io() {
    let stack = Stack::new(PatternDrive::new());
    let holder = stack.open(Granted::READ_WRITE);
    let other = stack.open(Granted::READ_WRITE);
    let mut lock = vec![1, 0, 0, 0, 0, 0, 0, 0];
    lock.extend_from_slice(b"ripper");
    lock.resize(72, 0);
    assert_eq!(
        stack.ioctl(holder, EXCLUSIVE_ACCESS, &lock, 0).status,
        NtStatus::SUCCESS
    );
    let r = stack.ioctl(other, RAW_READ, &input(0, 1, 2), 2352);
    assert_eq!((r.status, r.information), (NtStatus::ACCESS_DENIED, 0));
    assert!(r.commands.is_empty());
    let r = stack.ioctl(holder, RAW_READ, &input(0, 1, 2), 2352);
    assert_eq!(r.status, NtStatus::SUCCESS);
    stack.close_handle(holder);
    let r = stack.ioctl(other, RAW_READ, &input(0, 1, 2), 2352);
    assert_eq!(r.status, NtStatus::SUCCESS);
    assert_eq!(stack.violations(), []);
}
