//! The simulated MMC drive.

use cdfilter_core::port::{Command, Port, PortResult};

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
