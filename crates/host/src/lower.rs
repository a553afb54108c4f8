//! What sits below the filter for passed-down requests: a model of the
//! class/port driver pair for the requests the filter does not own.

use cdfilter_core::dispatch::Completion;
use cdfilter_core::port::{Cdb, Command, DataPhase, Port};
use cdfilter_core::status::NtStatus;

/// The lower driver model.
#[derive(Debug, Default)]
pub struct Lower {}

impl Lower {
    /// A passed-down IOCTL. The model's lower driver owns none of them and
    /// fails them the way a port driver fails an unknown code.
    pub fn device_control(&self, code: u32, input: &[u8], output: &mut [u8]) -> Completion {
        let _ = (code, input, output);
        Completion::error(NtStatus::INVALID_DEVICE_REQUEST)
    }

    /// A passed-down IRP_MJ_READ: READ(10) of 2048-byte sectors.
    pub fn read<P: Port>(&self, port: &mut P, offset: u64, out: &mut [u8]) -> Completion {
        if offset % 2048 != 0 || out.len() % 2048 != 0 {
            return Completion::error(NtStatus::INVALID_DEVICE_REQUEST);
        }
        let Ok(lba) = u32::try_from(offset / 2048) else {
            return Completion::error(NtStatus::INVALID_DEVICE_REQUEST);
        };
        let Ok(count) = u16::try_from(out.len() / 2048) else {
            return Completion::error(NtStatus::INVALID_PARAMETER);
        };
        let l = lba.to_be_bytes();
        let c = count.to_be_bytes();
        let r = port.execute(Command {
            cdb: Cdb::ten([0x28, 0, l[0], l[1], l[2], l[3], 0, c[0], c[1], 0]),
            data: DataPhase::In(out),
            timeout_secs: 10,
        });
        if r.is_success() {
            Completion::ok(r.transferred as usize)
        } else {
            let v = cdfilter_core::sense::interpret(0x28, &r, false);
            Completion::error(v.status)
        }
    }
}
