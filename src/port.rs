//! The core's [`Port`] in the kernel: each command becomes an SRB sent as
//! `IRP_MJ_SCSI` (an internal device control with `IOCTL_SCSI_EXECUTE_*`)
//! through the device's I/O target. Above cdrom.sys, that IRP is forwarded
//! unchanged to the port driver (ioctls.md §1, end of §1.2), which is the
//! path the class driver itself uses (§4.3).
//!
//! Why SRBs and not `IOCTL_SCSI_PASS_THROUGH_DIRECT`: pass-through reports
//! only the SCSI status, not the SRB status the core's error table needs
//! (selection timeout, bus reset, …); cdrom.sys serialises and size-checks
//! it; and it is subject to cdrom.sys' own exclusive-access filter, which
//! would refuse this filter's requests (no file object) while a handle holds
//! the lock.
//!
//! The same target carries the filter's IOCTL_STORAGE_MCN_CONTROL requests
//! (`Port::suspend_media_polling`): cdrom.sys polls the drive for media
//! changes itself, and must stay quiet while this filter's exclusive lock
//! or an MCN disable is in force.
//!
//! Data buffers:
//! - a window of the caller's `METHOD_OUT_DIRECT` buffer (the raw-read
//!   path) travels as a partial MDL of the request's MDL
//!   (`IoBuildPartialMdl`): the device transfers straight into the caller's
//!   pages, no copy;
//! - anything else goes through the device's non-paged bounce buffer
//!   (64 KiB, like the class driver's scratch buffer): the core's stack
//!   buffers are not DMA-able, and the system buffer of a buffered IOCTL is
//!   not guaranteed to be non-paged when another driver built the request.

use core::mem::{offset_of, size_of};
use core::ptr::null_mut;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::port::{Command, DataPhase, Port, PortResult, SrbStatus, SENSE_LEN};
use cdfilter_core::NtStatus;

use crate::context::attributes;
use crate::driver::buffer_descriptor;
use crate::io::synchronous;
use crate::platform::check;
use crate::srb::{self, Direction, ScsiRequestBlock};
use crate::wdk::{
    IoAllocateMdl, IoBuildPartialMdl, IoFreeMdl, KeDelayExecutionThread, MmBuildMdlForNonPagedPool,
    _MODE, _POOL_TYPE, DPFLTR_WARNING_LEVEL, KPROCESSOR_MODE, LARGE_INTEGER, NTSTATUS, PMDL, PVOID,
    ULONG, WDFDEVICE, WDFIOTARGET, WDFMEMORY, WDFREQUEST, WDF_NO_OBJECT_ATTRIBUTES,
};

/// Size of the bounce buffer: every 16-bit allocation length fits.
pub const BOUNCE_LEN: usize = 64 * 1024;

/// Transfer limit until the adapter has been asked (and if it never answers).
pub const DEFAULT_MAX_TRANSFER: u32 = 64 * 1024;

/// Pool tag of the driver's allocations ("cdfl").
pub const POOL_TAG: ULONG = u32::from_le_bytes(*b"cdfl");

/// The device's non-paged block: bounce buffer (page aligned, first), SRB
/// and sense buffer. Only the holder of the core's lock uses it.
#[repr(C)]
pub struct Scratch {
    data: [u8; BOUNCE_LEN],
    srb: ScsiRequestBlock,
    sense: [u8; SENSE_LEN],
}

/// The part of a caller's buffer that is described by the request's MDL.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    base: usize,
    len: usize,
    mdl: PMDL,
}

impl Window {
    /// `buf` is the system-space mapping of the whole of `mdl`.
    pub fn new(buf: &[u8], mdl: PMDL) -> Self {
        Self {
            base: buf.as_ptr().addr(),
            len: buf.len(),
            mdl,
        }
    }

    /// The MDL and the offset in it, if `buf` lies inside the window.
    fn find(&self, buf: &[u8]) -> Option<(PMDL, usize)> {
        let offset = buf.as_ptr().addr().checked_sub(self.base)?;
        (offset.checked_add(buf.len())? <= self.len).then_some((self.mdl, offset))
    }
}

/// How a command's data reaches the port driver.
enum Mapping {
    None,
    Mdl {
        mdl: PMDL,
        va: *mut u8,
        bounce: bool,
    },
}

/// The port: the lower I/O target plus the scratch block.
pub struct KmdfPort {
    target: WDFIOTARGET,
    data: *mut u8,
    srb: *mut ScsiRequestBlock,
    sense: *mut u8,
    /// The raw-read window of the request being dispatched, if any.
    pub window: Option<Window>,
    max_transfer: u32,
    alignment_mask: u32,
}

impl KmdfPort {
    /// Allocates the device's scratch block (non-paged, freed with the
    /// device) and builds the port over `target`.
    ///
    /// # Errors
    ///
    /// The framework's status if the allocation fails.
    pub fn create(device: WDFDEVICE, target: WDFIOTARGET) -> Result<Self, NtStatus> {
        let mut attrs = attributes(None, device.cast());
        let mut memory: WDFMEMORY = null_mut();
        let mut buffer: PVOID = null_mut();
        // SAFETY: valid attributes and out-pointers; PASSIVE_LEVEL (device add).
        let status = unsafe {
            wdf!(
                WdfMemoryCreate,
                &raw mut attrs,
                _POOL_TYPE::NonPagedPoolNx,
                POOL_TAG,
                size_of::<Scratch>(),
                &raw mut memory,
                &raw mut buffer
            )
        };
        check(status)?;
        let base = buffer.cast::<u8>();
        Ok(Self {
            target,
            data: base.wrapping_add(offset_of!(Scratch, data)),
            srb: base.wrapping_add(offset_of!(Scratch, srb)).cast(),
            sense: base.wrapping_add(offset_of!(Scratch, sense)),
            window: None,
            max_transfer: DEFAULT_MAX_TRANSFER,
            alignment_mask: 0,
        })
    }

    /// Records the adapter's limits (from `STORAGE_ADAPTER_DESCRIPTOR`).
    pub fn set_limits(&mut self, max_transfer: u32, alignment_mask: u32) {
        self.max_transfer = max_transfer;
        self.alignment_mask = alignment_mask;
    }

    fn map(&self, data: &DataPhase<'_>) -> Result<Mapping, SrbStatus> {
        let (buf, out): (&[u8], bool) = match data {
            DataPhase::In(b) if !b.is_empty() => (b, false),
            DataPhase::Out(b) if !b.is_empty() => (b, true),
            _ => return Ok(Mapping::None),
        };
        let len = ULONG::try_from(buf.len()).map_err(|_| SrbStatus::INVALID_REQUEST)?;
        if let (false, Some((source_mdl, offset))) = (out, self.window.and_then(|w| w.find(buf))) {
            // SAFETY: `source_mdl` is the MDL of the request being dispatched;
            // it stays valid until that request completes, after this command.
            let source = unsafe { &*source_mdl };
            // MmGetMdlVirtualAddress(source) + offset: the address the caller's
            // MDL describes (a user address for a user-mode caller), never
            // dereferenced here.
            let va = source
                .StartVa
                .cast::<u8>()
                .wrapping_add(source.ByteOffset as usize)
                .wrapping_add(offset);
            // SAFETY: only sizes a new MDL for [va, va + len); no memory is touched.
            let partial = unsafe { IoAllocateMdl(va.cast(), len, 0, 0, null_mut()) };
            if partial.is_null() {
                return Err(SrbStatus::INTERNAL_ERROR);
            }
            // SAFETY: [va, va + len) lies inside the source MDL (window
            // check), whose pages the I/O manager locked for OUT_DIRECT.
            unsafe { IoBuildPartialMdl(source_mdl, partial, va.cast(), len) };
            return Ok(Mapping::Mdl {
                mdl: partial,
                va,
                bounce: false,
            });
        }
        if buf.len() > BOUNCE_LEN {
            return Err(SrbStatus::INVALID_REQUEST);
        }
        if out {
            // SAFETY: the bounce buffer holds BOUNCE_LEN bytes and does not
            // overlap `buf` (the core's memory).
            unsafe { core::ptr::copy_nonoverlapping(buf.as_ptr(), self.data, buf.len()) };
        }
        // SAFETY: only sizes a new MDL for the start of the bounce buffer.
        let mdl = unsafe { IoAllocateMdl(self.data.cast(), len, 0, 0, null_mut()) };
        if mdl.is_null() {
            return Err(SrbStatus::INTERNAL_ERROR);
        }
        // SAFETY: `mdl` describes part of a non-paged pool allocation.
        unsafe { MmBuildMdlForNonPagedPool(mdl) };
        Ok(Mapping::Mdl {
            mdl,
            va: self.data,
            bounce: true,
        })
    }

    /// Sends the SRB in the scratch block; returns the IRP's status.
    fn send(&self, direction: Direction, mdl: PMDL) -> NTSTATUS {
        let mut request: WDFREQUEST = null_mut();
        // SAFETY: valid out-pointer; the target lives as long as the device.
        let status = unsafe {
            wdf!(
                WdfRequestCreate,
                WDF_NO_OBJECT_ATTRIBUTES,
                self.target,
                &raw mut request
            )
        };
        if status < 0 {
            return status;
        }
        let status = self.send_request(request, direction, mdl);
        // SAFETY: the request was created above and is no longer in use; its
        // memory object (a child) goes with it.
        unsafe { wdf!(WdfObjectDelete, request.cast()) };
        status
    }

    fn send_request(&self, request: WDFREQUEST, direction: Direction, mdl: PMDL) -> NTSTATUS {
        let mut attrs = attributes(None, request.cast());
        let mut srb_memory: WDFMEMORY = null_mut();
        // SAFETY: the SRB lives in the scratch block, which outlives the
        // memory object (a child of the request).
        let status = unsafe {
            wdf!(
                WdfMemoryCreatePreallocated,
                &raw mut attrs,
                self.srb.cast(),
                size_of::<ScsiRequestBlock>(),
                &raw mut srb_memory
            )
        };
        if status < 0 {
            return status;
        }
        // SAFETY: live request and target; OtherArg1 (Parameters.Scsi.Srb)
        // is the SRB, no offsets, no other arguments.
        let status = unsafe {
            wdf!(
                WdfIoTargetFormatRequestForInternalIoctlOthers,
                self.target,
                request,
                direction.ioctl(),
                srb_memory,
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut()
            )
        };
        if status < 0 {
            return status;
        }
        // SAFETY: a request created by WdfRequestCreate owns an IRP.
        let irp = unsafe { wdf!(WdfRequestWdmGetIrp, request) };
        // SAFETY: the SRB is not in flight; the port driver needs the IRP in
        // OriginalRequest.
        unsafe { (*self.srb).original_request = irp.cast() };
        // SAFETY: the IRP is not yet sent; the data MDL travels in MdlAddress
        // as with the class driver.
        unsafe { (*irp).MdlAddress = mdl };
        let mut options = synchronous();
        // SAFETY: formatted request, live target; PASSIVE_LEVEL (the core
        // runs under a wait lock).
        let _sent = unsafe { wdf!(WdfRequestSend, request, self.target, &raw mut options) };
        // SAFETY: after a synchronous send the request is ours again.
        let status = unsafe { wdf!(WdfRequestGetStatus, request) };
        // SAFETY: the MDL belongs to the port, not to the IRP: detach it
        // before the framework frees the IRP.
        unsafe { (*irp).MdlAddress = null_mut() };
        status
    }
}

impl Port for KmdfPort {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let Command {
            cdb,
            mut data,
            timeout_secs,
        } = cmd;
        let len = data.len();
        if len > self.max_transfer as usize {
            return PortResult::srb_error(SrbStatus::INVALID_REQUEST);
        }
        let direction = match (&data, len) {
            (_, 0) | (DataPhase::None, _) => Direction::None,
            (DataPhase::In(_), _) => Direction::In,
            (DataPhase::Out(_), _) => Direction::Out,
        };
        let (mdl, va, bounce) = match self.map(&data) {
            Ok(Mapping::None) => (null_mut(), null_mut(), false),
            Ok(Mapping::Mdl { mdl, va, bounce }) => (mdl, va, bounce),
            Err(status) => return PortResult::srb_error(status),
        };
        let mut cdb_bytes = [0u8; 16];
        for (d, s) in cdb_bytes.iter_mut().zip(cdb.as_bytes()) {
            *d = *s;
        }
        let block = ScsiRequestBlock {
            length: size_of::<ScsiRequestBlock>() as u16,
            function: srb::FUNCTION_EXECUTE_SCSI,
            queue_tag: srb::SP_UNTAGGED,
            queue_action: srb::SIMPLE_TAG_REQUEST,
            cdb_length: cdb.len() as u8,
            sense_info_buffer_length: SENSE_LEN as u8,
            srb_flags: srb::FLAGS_DISABLE_SYNCH_TRANSFER
                | srb::FLAGS_NO_QUEUE_FREEZE
                | direction.flag(),
            data_transfer_length: len as u32,
            time_out_value: timeout_secs,
            data_buffer: va,
            sense_info_buffer: self.sense,
            cdb: cdb_bytes,
            ..ScsiRequestBlock::zeroed()
        };
        // SAFETY: the scratch block is only used by the holder of the core's
        // lock, which `&mut self` proves we are.
        unsafe { self.srb.write(block) };
        // SAFETY: as above; the sense buffer holds SENSE_LEN bytes.
        unsafe { self.sense.write_bytes(0, SENSE_LEN) };
        let irp_status = self.send(direction, mdl);
        // SAFETY: the send was synchronous: the port driver is done with it.
        let done = unsafe { self.srb.read() };
        if !mdl.is_null() {
            // SAFETY: allocated by `map` and no longer attached to any IRP.
            unsafe { IoFreeMdl(mdl) };
        }
        let transferred = (done.data_transfer_length as usize).min(len);
        if let (true, DataPhase::In(buf)) = (bounce, &mut data) {
            // SAFETY: the bounce buffer holds at least `transferred` (<= len
            // <= BOUNCE_LEN) bytes and does not overlap `buf`.
            unsafe { core::ptr::copy_nonoverlapping(self.data, buf.as_mut_ptr(), transferred) };
        }
        let mut sense = [0u8; SENSE_LEN];
        // SAFETY: the sense buffer holds SENSE_LEN bytes, which the port
        // driver no longer writes.
        unsafe { core::ptr::copy_nonoverlapping(self.sense, sense.as_mut_ptr(), SENSE_LEN) };
        let sense_len = if done.srb_status & srb::STATUS_AUTOSENSE_VALID != 0 {
            done.sense_info_buffer_length.min(SENSE_LEN as u8)
        } else {
            0
        };
        let srb_status = match srb::status(done.srb_status) {
            // The port driver never saw the SRB (the IRP failed on its way
            // down): it still says SRB_STATUS_PENDING.
            0 => {
                crate::driver::trace(DPFLTR_WARNING_LEVEL, c"SRB not executed", irp_status);
                SrbStatus::INTERNAL_ERROR
            }
            s => SrbStatus(s),
        };
        PortResult {
            srb_status,
            scsi_status: done.scsi_status,
            transferred: transferred as u32,
            sense,
            sense_len,
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.max_transfer
    }

    /// IOCTL_STORAGE_MCN_CONTROL (PREVENT_MEDIA_REMOVAL = `suspend`) to
    /// cdrom.sys. The request is the filter's own: kernel mode, no file
    /// object. cdrom.sys counts such a disable in its kernel-mode MCN
    /// context, which no handle's close releases, so the lock's polling
    /// pause is exactly as long as the core says; the core sends the
    /// matching enable at unlock and at the holder's cleanup. (On the
    /// holder's file object instead, cdrom.sys would release it only at
    /// that handle's close, after this filter's cleanup-time release.)
    fn suspend_media_polling(&mut self, suspend: bool) -> bool {
        // SAFETY: the bounce buffer (non-paged, BOUNCE_LEN bytes) is used
        // only by the holder of the core's lock, which `&mut self` proves
        // we are; no SRB is in flight.
        unsafe { self.data.write(u8::from(suspend)) };
        let mut input = buffer_descriptor(self.data, 1);
        // SAFETY: the device's target; the descriptor covers one byte of
        // the scratch block; no request, no options (no timeout), no byte
        // count; PASSIVE_LEVEL (the core runs under a wait lock).
        let status = unsafe {
            wdf!(
                WdfIoTargetSendIoctlSynchronously,
                self.target,
                null_mut(),
                Ioctl::StorageMcnControl.code(),
                &raw mut input,
                null_mut(),
                null_mut(),
                null_mut()
            )
        };
        if status < 0 {
            crate::driver::trace(DPFLTR_WARNING_LEVEL, c"MCN control refused", status);
        }
        status >= 0
    }

    fn alignment_mask(&self) -> u32 {
        self.alignment_mask
    }

    fn delay(&mut self, hundred_ns: u64) {
        let mut interval = LARGE_INTEGER {
            QuadPart: -i64::try_from(hundred_ns).unwrap_or(i64::MAX),
        };
        // SAFETY: PASSIVE_LEVEL (the core runs under a wait lock); a negative
        // interval is relative.
        let _ = unsafe {
            KeDelayExecutionThread(_MODE::KernelMode as KPROCESSOR_MODE, 0, &raw mut interval)
        };
    }
}
