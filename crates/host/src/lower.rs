//! What sits below the filter for passed-down requests: a small model of
//! the class/port driver pair (cdrom.sys over the port driver) for the
//! requests the filter does not own.
//!
//! It answers only what it can answer truthfully on the host:
//! - IRP_MJ_READ and IRP_MJ_WRITE: READ(10) / WRITE(10) of 2048-byte
//!   sectors on the port, split at the port's transfer limit like the class
//!   driver (a drive that cannot write refuses the WRITE, and its sense data
//!   gives the status);
//! - IOCTL_STORAGE_GET_DEVICE_NUMBER: {FILE_DEVICE_CD_ROM, 0, 0xFFFFFFFF}
//!   (the one drive is `\Device\CdRom0`);
//! - IOCTL_STORAGE_GET_HOTPLUG_INFO: removable media, not hot-pluggable;
//! - IOCTL_SCSI_GET_ADDRESS: port 0, path 0, target 0, LUN 0;
//! - IOCTL_SCSI_PASS_THROUGH (buffered): the caller's CDB executed on the
//!   port, with the status, sense and transfer length written back;
//! - IOCTL_STORAGE_MCN_CONTROL from a kernel-mode caller without a file
//!   object (the filter itself): the class driver's kernel-mode MCN context,
//!   a disable count that stops its media-change polling while non-zero
//!   ([`KernelMcn`]);
//! - everything else: STATUS_INVALID_DEVICE_REQUEST, what a port driver
//!   answers for a code it does not know (this includes the obsolete
//!   IOCTL_CDROM_GET_CONTROL and IOCTL_STORAGE_FIND_NEW_DEVICES, whose
//!   rescan is the PnP manager's business, not the model's).

use cdfilter_core::abi::storage::{
    ScsiAddress, ScsiPassThrough, StorageDeviceNumber, StorageHotplugInfo, FILE_DEVICE_CD_ROM,
    SCSI_IOCTL_DATA_IN, SCSI_IOCTL_DATA_OUT, SCSI_IOCTL_DATA_UNSPECIFIED,
};
use cdfilter_core::dispatch::Completion;
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::port::{Cdb, Command, DataPhase, Port, SrbStatus};
use cdfilter_core::status::NtStatus;
use std::sync::atomic::{AtomicU32, Ordering};
use zerocopy::{FromBytes, IntoBytes};

/// `sizeof(SCSI_PASS_THROUGH)` on x64.
const SPT_LEN: usize = size_of::<ScsiPassThrough>();

/// The lower driver model.
#[derive(Debug, Default)]
pub struct Lower {
    mcn: KernelMcn,
}

/// The class driver's kernel-mode MCN context (`KernelModeMcnContext`):
/// what IOCTL_STORAGE_MCN_CONTROL changes when it comes from kernel mode
/// without a file object. Each disable adds one and stops the class
/// driver's media-change polling; each enable takes one away, and polling
/// resumes at zero; an enable at zero is STATUS_INVALID_DEVICE_STATE.
#[derive(Debug, Default)]
pub struct KernelMcn {
    disables: AtomicU32,
}

impl KernelMcn {
    /// One MCN_CONTROL (`disable` is PREVENT_MEDIA_REMOVAL's byte).
    pub fn control(&self, disable: bool) -> NtStatus {
        let changed = self
            .disables
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                if disable {
                    n.checked_add(1)
                } else {
                    n.checked_sub(1)
                }
            });
        match changed {
            Ok(_) => NtStatus::SUCCESS,
            Err(_) => NtStatus::INVALID_DEVICE_STATE,
        }
    }

    /// Outstanding disables.
    pub fn disables(&self) -> u32 {
        self.disables.load(Ordering::Acquire)
    }

    /// The class driver's media-change polling is stopped.
    pub fn polling_suspended(&self) -> bool {
        self.disables() != 0
    }
}

/// Copies a fixed-size answer, or fails with BUFFER_TOO_SMALL and the size
/// needed (the class driver's rule for its cached answers).
fn fixed_answer(output: &mut [u8], answer: &[u8]) -> Completion {
    match output.get_mut(..answer.len()) {
        Some(dst) => {
            dst.copy_from_slice(answer);
            Completion::ok(answer.len())
        }
        None => Completion::with_info(NtStatus::BUFFER_TOO_SMALL, answer.len()),
    }
}

impl Lower {
    /// The kernel-mode MCN context (what the filter's own MCN_CONTROL
    /// requests changed).
    pub fn kernel_mcn(&self) -> &KernelMcn {
        &self.mcn
    }

    /// A passed-down IOCTL, with the port below for the ones that reach
    /// the drive (SCSI pass-through).
    pub fn device_control<P: Port>(
        &self,
        port: &mut P,
        code: u32,
        input: &[u8],
        output: &mut [u8],
    ) -> Completion {
        if code == Ioctl::StorageGetDeviceNumber.code() {
            let n = StorageDeviceNumber {
                device_type: FILE_DEVICE_CD_ROM,
                device_number: 0,
                partition_number: 0xFFFF_FFFF,
            };
            fixed_answer(output, n.as_bytes())
        } else if code == Ioctl::StorageGetHotplugInfo.code() {
            let h = StorageHotplugInfo {
                size: size_of::<StorageHotplugInfo>() as u32,
                media_removable: 1,
                media_hotplug: 0,
                device_hotplug: 0,
                write_cache_enable_override: 0,
            };
            fixed_answer(output, h.as_bytes())
        } else if code == Ioctl::ScsiGetAddress.code() {
            let a = ScsiAddress {
                length: size_of::<ScsiAddress>() as u32,
                ..ScsiAddress::default()
            };
            fixed_answer(output, a.as_bytes())
        } else if code == Ioctl::ScsiPassThrough.code() {
            pass_through(port, input, output)
        } else if code == Ioctl::StorageMcnControl.code() {
            // PREVENT_MEDIA_REMOVAL: one BOOLEAN.
            match input.first() {
                Some(&b) => self.mcn.control(b != 0).into(),
                None => Completion::error(NtStatus::INFO_LENGTH_MISMATCH),
            }
        } else {
            Completion::error(NtStatus::INVALID_DEVICE_REQUEST)
        }
    }

    /// A passed-down IRP_MJ_READ: READ(10)s of 2048-byte sectors, split at
    /// the port's transfer limit.
    pub fn read<P: Port>(&self, port: &mut P, offset: u64, out: &mut [u8]) -> Completion {
        transfer(port, offset, Buffer::In(out))
    }

    /// A passed-down IRP_MJ_WRITE: WRITE(10)s of 2048-byte sectors, split
    /// the same way. A drive that cannot write (the simulated one) refuses
    /// the opcode, and the status is what the sense data maps to.
    pub fn write<P: Port>(&self, port: &mut P, offset: u64, data: &[u8]) -> Completion {
        transfer(port, offset, Buffer::Out(data))
    }
}

/// The caller's buffer of a passed-down read or write.
enum Buffer<'a> {
    In(&'a mut [u8]),
    Out(&'a [u8]),
}

/// READ(10) or WRITE(10) of 2048-byte sectors at byte `offset`, split at
/// the port's transfer limit like the class driver (at least 4096 bytes,
/// spec ioctls.md §4.4); Information is the bytes transferred.
fn transfer<P: Port>(port: &mut P, offset: u64, mut buffer: Buffer<'_>) -> Completion {
    let (total, opcode) = match &buffer {
        Buffer::In(b) => (b.len(), 0x28),
        Buffer::Out(b) => (b.len(), 0x2A),
    };
    if offset % 2048 != 0 || total % 2048 != 0 {
        return Completion::error(NtStatus::INVALID_DEVICE_REQUEST);
    }
    let Ok(first) = u32::try_from(offset / 2048) else {
        return Completion::error(NtStatus::INVALID_DEVICE_REQUEST);
    };
    let limit = (port.max_transfer_bytes() as usize).max(4096) / 2048 * 2048;
    let mut done = 0usize;
    while done < total {
        let len = limit.min(total - done);
        let lba = u32::try_from(done / 2048)
            .ok()
            .and_then(|n| first.checked_add(n));
        let (Some(lba), Ok(count)) = (lba, u16::try_from(len / 2048)) else {
            return Completion::error(NtStatus::INVALID_DEVICE_REQUEST);
        };
        let l = lba.to_be_bytes();
        let c = count.to_be_bytes();
        let data = match &mut buffer {
            Buffer::In(b) => DataPhase::In(&mut b[done..done + len]),
            Buffer::Out(b) => DataPhase::Out(&b[done..done + len]),
        };
        let r = port.execute(Command {
            cdb: Cdb::ten([opcode, 0, l[0], l[1], l[2], l[3], 0, c[0], c[1], 0]),
            data,
            timeout_secs: 10,
        });
        if r.is_success() && r.transferred as usize > len {
            // A count past the buffer is no count of bytes moved (the
            // filter's own rule, `Ctx::send`): never more Information than
            // the buffer holds.
            return Completion::error(NtStatus::DEVICE_PROTOCOL_ERROR);
        }
        if !r.is_success() {
            let v = cdfilter_core::sense::interpret(opcode, &r, false);
            return Completion::error(v.status);
        }
        done += r.transferred as usize;
        if (r.transferred as usize) < len {
            break;
        }
    }
    Completion::ok(done)
}

/// A range `[offset, offset + len)` inside a buffer of `size` bytes.
fn range(offset: u64, len: usize, size: usize) -> Option<std::ops::Range<usize>> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(len)?;
    (end <= size).then_some(start..end)
}

/// IOCTL_SCSI_PASS_THROUGH with METHOD_BUFFERED semantics: the I/O manager
/// gives the driver one system buffer of max(input, output) bytes holding
/// the input; the data and sense buffers live in it at the caller's
/// offsets; on completion the first Information bytes go back to the
/// caller's output buffer (nothing past them).
///
/// Like a port driver, a command that completed with CHECK CONDITION is a
/// successful pass-through (the caller reads ScsiStatus and the sense);
/// only transport failures fail the IOCTL. A malformed request (size,
/// CDB length, direction, buffers outside the system buffer) is
/// STATUS_INVALID_PARAMETER.
fn pass_through<P: Port>(port: &mut P, input: &[u8], output: &mut [u8]) -> Completion {
    let Ok((mut spt, _)) = ScsiPassThrough::read_from_prefix(input) else {
        return Completion::error(NtStatus::INVALID_PARAMETER);
    };
    if usize::from(spt.length) != SPT_LEN || output.len() < SPT_LEN {
        return Completion::error(NtStatus::INVALID_PARAMETER);
    }
    let Some(cdb) = spt
        .cdb
        .get(..usize::from(spt.cdb_length))
        .and_then(Cdb::from_slice)
    else {
        return Completion::error(NtStatus::INVALID_PARAMETER);
    };
    let mut system = vec![0u8; input.len().max(output.len())];
    system[..input.len()].copy_from_slice(input);
    let data_len = spt.data_transfer_length as usize;
    let sense_len = usize::from(spt.sense_info_length);
    let data_in = match spt.data_in {
        SCSI_IOCTL_DATA_IN => true,
        SCSI_IOCTL_DATA_OUT => false,
        SCSI_IOCTL_DATA_UNSPECIFIED if data_len == 0 => false,
        _ => return Completion::error(NtStatus::INVALID_PARAMETER),
    };
    // Data-in and sense must come back to the caller: inside the output.
    // Data-out only has to be inside the system buffer.
    let data_room = if data_in { output.len() } else { system.len() };
    let (Some(data_range), Some(sense_range)) = (
        range(spt.data_buffer_offset, data_len, data_room),
        range(u64::from(spt.sense_info_offset), sense_len, output.len()),
    ) else {
        return Completion::error(NtStatus::INVALID_PARAMETER);
    };
    let r = {
        let window = &mut system[data_range.clone()];
        let data = if data_len == 0 {
            DataPhase::None
        } else if data_in {
            DataPhase::In(window)
        } else {
            DataPhase::Out(window)
        };
        port.execute(Command {
            cdb,
            data,
            timeout_secs: spt.time_out_value,
        })
    };
    let check_condition = r.srb_status == SrbStatus::ERROR && r.scsi_status != 0;
    if !(r.is_success() || r.srb_status == SrbStatus::DATA_OVERRUN || check_condition) {
        let v = cdfilter_core::sense::interpret(cdb.opcode(), &r, false);
        return Completion::error(v.status);
    }
    let transferred = (r.transferred as usize).min(data_len);
    let sense = r.sense_bytes();
    let sense_returned = sense.len().min(sense_len);
    system[sense_range.start..sense_range.start + sense_returned]
        .copy_from_slice(&sense[..sense_returned]);
    spt.scsi_status = r.scsi_status;
    spt.sense_info_length = sense_returned as u8;
    spt.data_transfer_length = transferred as u32;
    system[..SPT_LEN].copy_from_slice(spt.as_bytes());
    let mut information = SPT_LEN;
    if sense_returned > 0 {
        information = information.max(sense_range.start + sense_returned);
    }
    if data_in && transferred > 0 {
        information = information.max(data_range.start + transferred);
    }
    output[..information].copy_from_slice(&system[..information]);
    Completion::ok(information)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blank::BlankDrive;

    const MCN_CONTROL: u32 = 0x002D_0944;

    fn mcn(lower: &Lower, input: &[u8]) -> NtStatus {
        lower
            .device_control(&mut BlankDrive, MCN_CONTROL, input, &mut [])
            .status
    }

    #[test]
    fn the_kernel_mode_mcn_context_counts_disables_and_refuses_a_spare_enable() {
        let lower = Lower::default();
        assert_eq!(mcn(&lower, &[0]), NtStatus::INVALID_DEVICE_STATE);
        assert_eq!(mcn(&lower, &[1]), NtStatus::SUCCESS);
        assert_eq!(mcn(&lower, &[0xFF]), NtStatus::SUCCESS, "any non-zero byte");
        assert_eq!(lower.kernel_mcn().disables(), 2);
        assert!(lower.kernel_mcn().polling_suspended());
        assert_eq!(mcn(&lower, &[0]), NtStatus::SUCCESS);
        assert_eq!(mcn(&lower, &[0]), NtStatus::SUCCESS);
        assert!(!lower.kernel_mcn().polling_suspended());
        assert_eq!(mcn(&lower, &[0]), NtStatus::INVALID_DEVICE_STATE);
    }

    #[test]
    fn an_mcn_control_without_its_byte_is_info_length_mismatch() {
        let lower = Lower::default();
        assert_eq!(mcn(&lower, &[]), NtStatus::INFO_LENGTH_MISMATCH);
        assert_eq!(lower.kernel_mcn().disables(), 0);
    }
}
