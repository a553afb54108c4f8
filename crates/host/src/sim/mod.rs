//! The simulated MMC drive.

pub mod audio;

use cdfilter_core::port::{Command, Port, PortResult};

/// Fixed-format sense of a failed simulated command: key / ASC / ASCQ.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Sense {
    /// Sense key.
    pub key: u8,
    /// Additional sense code.
    pub asc: u8,
    /// Additional sense code qualifier.
    pub ascq: u8,
}

/// A drive that knows no command yet: every command ends in CHECK CONDITION
/// ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE, which is what a real
/// drive answers for an opcode it does not implement.
#[derive(Debug, Default)]
pub struct SimDrive {}

impl Port for SimDrive {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let _ = cmd;
        PortResult::check_condition(5, 0x20, 0)
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }
}
