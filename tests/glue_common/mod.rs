//! What the glue tests share: a small drive and the lower stack the facade
//! forwards to (cdrom.sys + port driver, played by cdfilter-host's model).

#![allow(dead_code, reason = "each test file uses a different part")]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use cdfilter::wdk::host::{self, Dev, Driver, Lower};
use cdfilter::wdk::NTSTATUS;
use cdfilter_core::port::{Command, DataPhase, Port, PortResult};

/// A deterministic drive: answers scripted results in order for matching
/// opcodes, everything else GOOD with a pattern derived from the opcode.
#[derive(Clone, Debug, Default)]
pub struct ToyDrive {
    /// (opcode, answer) pairs, consumed in order.
    pub script: VecDeque<(u8, PortResult)>,
    /// Every CDB executed.
    pub log: Vec<Vec<u8>>,
}

impl ToyDrive {
    /// Standard INQUIRY data of a CD/DVD drive (36 bytes).
    pub const INQUIRY: [u8; 36] = *b"\x05\x80\x00\x32\x1f\x00\x00\x00CDFILTERToy CD-ROM drive1.00";

    /// The pattern byte at `i` of an answer to `opcode`.
    pub fn pattern(opcode: u8, i: usize) -> u8 {
        (i as u8).wrapping_mul(7) ^ opcode
    }
}

impl Port for ToyDrive {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let op = cmd.cdb.opcode();
        self.log.push(cmd.cdb.as_bytes().to_vec());
        if self.script.front().is_some_and(|(o, _)| *o == op) {
            if let Some((_, r)) = self.script.pop_front() {
                return r;
            }
        }
        match cmd.data {
            DataPhase::In(buf) if op == 0x12 => {
                let n = buf.len().min(Self::INQUIRY.len());
                buf[..n].copy_from_slice(&Self::INQUIRY[..n]);
                PortResult::good(n as u32)
            }
            DataPhase::In(buf) => {
                for (i, b) in buf.iter_mut().enumerate() {
                    *b = Self::pattern(op, i);
                }
                PortResult::good(buf.len() as u32)
            }
            DataPhase::Out(buf) => PortResult::good(buf.len() as u32),
            DataPhase::None => PortResult::good(0),
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }
}

/// IOCTLs that reached the lower driver: code and input bytes.
pub type IoctlLog = Arc<Mutex<Vec<(u32, Vec<u8>)>>>;

/// What the test can see of the lower stack after handing it to the glue.
#[derive(Clone, Default)]
pub struct Seen {
    /// IOCTL codes that reached the lower driver.
    pub ioctls: IoctlLog,
    /// CDBs the drive executed.
    pub cdbs: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Seen {
    pub fn ioctl_codes(&self) -> Vec<u32> {
        self.ioctls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(c, _)| *c)
            .collect()
    }

    pub fn ioctl_inputs(&self) -> Vec<(u32, Vec<u8>)> {
        self.ioctls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn cdbs(&self) -> Vec<Vec<u8>> {
        self.cdbs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// cdrom.sys and the port driver: SRBs go to the drive, forwarded IOCTLs
/// and reads to cdfilter-host's lower-driver model.
pub struct TestLower<D = ToyDrive> {
    pub drive: D,
    pub lower: cdfilter_host::lower::Lower,
    pub seen: Seen,
    pub create_status: NTSTATUS,
    /// STORAGE_ADAPTER_DESCRIPTOR answered to IOCTL_STORAGE_QUERY_PROPERTY.
    pub adapter: Option<[u8; 32]>,
}

impl<D: Port + Send> TestLower<D> {
    pub fn new(drive: D) -> (Self, Seen) {
        let seen = Seen::default();
        (
            Self {
                drive,
                lower: cdfilter_host::lower::Lower::default(),
                seen: seen.clone(),
                create_status: 0,
                adapter: None,
            },
            seen,
        )
    }
}

impl<D: Port + Send> Lower for TestLower<D> {
    fn create(&mut self) -> NTSTATUS {
        self.create_status
    }

    fn scsi(&mut self, cmd: Command<'_>) -> PortResult {
        self.seen
            .cdbs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(cmd.cdb.as_bytes().to_vec());
        self.drive.execute(cmd)
    }

    fn device_control(&mut self, code: u32, input: &[u8], output: &mut [u8]) -> (NTSTATUS, usize) {
        self.seen
            .ioctls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((code, input.to_vec()));
        if let (0x2D_1400, Some(adapter)) = (code, self.adapter) {
            let n = output.len().min(adapter.len());
            output[..n].copy_from_slice(&adapter[..n]);
            return (0, n);
        }
        let c = self
            .lower
            .device_control(&mut self.drive, code, input, output);
        (c.status.0 as NTSTATUS, c.information)
    }

    fn read(&mut self, offset: u64, out: &mut [u8]) -> (NTSTATUS, usize) {
        let c = self.lower.read(&mut self.drive, offset, out);
        (c.status.0 as NTSTATUS, c.information)
    }
}

/// A loaded driver with one device over `drive`, started.
pub fn started<D: Port + Send + 'static>(drive: D) -> (Driver, Dev, Seen) {
    let driver = host::load().expect("DriverEntry");
    let (lower, seen) = TestLower::new(drive);
    let dev = driver.add_device(Box::new(lower)).expect("device add");
    assert_eq!(dev.start(), 0);
    assert_eq!(host::take_violations(), Vec::<String>::new());
    (driver, dev, seen)
}

/// NTSTATUS values the tests name.
pub mod status {
    pub const SUCCESS: i32 = 0;
    pub const ACCESS_DENIED: i32 = 0xC000_0022_u32 as i32;
    pub const INVALID_DEVICE_REQUEST: i32 = 0xC000_0010_u32 as i32;
    pub const NO_MEDIA_IN_DEVICE: i32 = 0xC000_0013_u32 as i32;
    pub const VERIFY_REQUIRED: i32 = 0x8000_0016_u32 as i32;
}
