//! A drive with nothing to say: every command succeeds with zero-filled
//! data, except INQUIRY, which describes a removable CD-ROM device (the
//! driver refuses an all-zero INQUIRY at start). For tests of driver logic
//! that does not depend on the drive's answers (the exclusive lock, the
//! request lifecycle).

use cdfilter_core::port::{Command, DataPhase, Port, PortResult};

/// The drive.
#[derive(Debug, Default, Clone, Copy)]
pub struct BlankDrive;

/// The INQUIRY answer's first bytes: CD-ROM device (5), removable, SPC-3,
/// response format 2, AdditionalLength 31.
const INQUIRY_HEAD: [u8; 5] = [0x05, 0x80, 0x05, 0x32, 31];

impl Port for BlankDrive {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        match cmd.data {
            DataPhase::In(buf) => {
                buf.fill(0);
                if cmd.cdb.opcode() == 0x12 {
                    let n = INQUIRY_HEAD.len().min(buf.len());
                    buf[..n].copy_from_slice(&INQUIRY_HEAD[..n]);
                    return PortResult::good(buf.len().min(36) as u32);
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
