//! The SCSI request block the filter hands to the port driver, and the
//! constants that go with it.
//!
//! wdk-sys only generates `SCSI_REQUEST_BLOCK` with its `storage` feature,
//! which pulls in storport.h (a miniport header) next to ntddk.h. The block
//! is small and its x64 layout is fixed by the spec (ioctls.md §5.1): it is
//! defined here, with every offset asserted at compile time, so the same
//! type serves the kernel and the Linux facade. `tests/abi_glue.rs` compares
//! every offset, the constants and the event GUIDs with mingw-w64's srb.h,
//! scsi.h and ioevent.h.

use core::mem::{offset_of, size_of};

/// `SCSI_REQUEST_BLOCK` (srb.h), x64 layout: 88 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ScsiRequestBlock {
    /// `Length`: `size_of::<ScsiRequestBlock>()`.
    pub length: u16,
    /// `Function`: [`FUNCTION_EXECUTE_SCSI`].
    pub function: u8,
    /// `SrbStatus`, written by the port driver.
    pub srb_status: u8,
    /// `ScsiStatus`, written by the port driver.
    pub scsi_status: u8,
    /// `PathId` (filled by the port driver for a PDO-addressed SRB).
    pub path_id: u8,
    /// `TargetId`.
    pub target_id: u8,
    /// `Lun`.
    pub lun: u8,
    /// `QueueTag`: [`SP_UNTAGGED`].
    pub queue_tag: u8,
    /// `QueueAction`: [`SIMPLE_TAG_REQUEST`].
    pub queue_action: u8,
    /// `CdbLength`: 6, 10, 12 or 16.
    pub cdb_length: u8,
    /// `SenseInfoBufferLength`: capacity before, valid bytes after.
    pub sense_info_buffer_length: u8,
    /// `SrbFlags`.
    pub srb_flags: u32,
    /// `DataTransferLength`: requested before, transferred after.
    pub data_transfer_length: u32,
    /// `TimeOutValue` in seconds.
    pub time_out_value: u32,
    /// `DataBuffer`: the virtual address the data MDL describes.
    pub data_buffer: *mut u8,
    /// `SenseInfoBuffer`: non-paged.
    pub sense_info_buffer: *mut u8,
    /// `NextSrb`.
    pub next_srb: *mut ScsiRequestBlock,
    /// `OriginalRequest`: the IRP that carries this SRB.
    pub original_request: *mut core::ffi::c_void,
    /// `SrbExtension`.
    pub srb_extension: *mut core::ffi::c_void,
    /// `InternalStatus` / `QueueSortKey` / `LinkTimeoutValue`.
    pub internal_status: u32,
    /// `Reserved` (x64 only).
    pub reserved: u32,
    /// `Cdb[16]`.
    pub cdb: [u8; 16],
}

const _: () = assert!(size_of::<ScsiRequestBlock>() == 88);
const _: () = assert!(offset_of!(ScsiRequestBlock, srb_flags) == 12);
const _: () = assert!(offset_of!(ScsiRequestBlock, data_transfer_length) == 16);
const _: () = assert!(offset_of!(ScsiRequestBlock, time_out_value) == 20);
const _: () = assert!(offset_of!(ScsiRequestBlock, data_buffer) == 24);
const _: () = assert!(offset_of!(ScsiRequestBlock, sense_info_buffer) == 32);
const _: () = assert!(offset_of!(ScsiRequestBlock, next_srb) == 40);
const _: () = assert!(offset_of!(ScsiRequestBlock, original_request) == 48);
const _: () = assert!(offset_of!(ScsiRequestBlock, srb_extension) == 56);
const _: () = assert!(offset_of!(ScsiRequestBlock, internal_status) == 64);
const _: () = assert!(offset_of!(ScsiRequestBlock, cdb) == 72);

impl ScsiRequestBlock {
    /// An all-zero block (every field a valid "nothing").
    pub const fn zeroed() -> Self {
        Self {
            length: 0,
            function: 0,
            srb_status: 0,
            scsi_status: 0,
            path_id: 0,
            target_id: 0,
            lun: 0,
            queue_tag: 0,
            queue_action: 0,
            cdb_length: 0,
            sense_info_buffer_length: 0,
            srb_flags: 0,
            data_transfer_length: 0,
            time_out_value: 0,
            data_buffer: core::ptr::null_mut(),
            sense_info_buffer: core::ptr::null_mut(),
            next_srb: core::ptr::null_mut(),
            original_request: core::ptr::null_mut(),
            srb_extension: core::ptr::null_mut(),
            internal_status: 0,
            reserved: 0,
            cdb: [0; 16],
        }
    }
}

/// `SRB_FUNCTION_EXECUTE_SCSI`.
pub const FUNCTION_EXECUTE_SCSI: u8 = 0x00;
/// `SP_UNTAGGED`.
pub const SP_UNTAGGED: u8 = 0xFF;
/// `SRB_SIMPLE_TAG_REQUEST`.
pub const SIMPLE_TAG_REQUEST: u8 = 0x20;
/// `SRB_FLAGS_DISABLE_SYNCH_TRANSFER` (the class driver's device default).
pub const FLAGS_DISABLE_SYNCH_TRANSFER: u32 = 0x0000_0008;
/// `SRB_FLAGS_DATA_IN`.
pub const FLAGS_DATA_IN: u32 = 0x0000_0040;
/// `SRB_FLAGS_DATA_OUT`.
pub const FLAGS_DATA_OUT: u32 = 0x0000_0080;
/// `SRB_FLAGS_NO_QUEUE_FREEZE`: an error must not freeze the LU queue,
/// because this filter never sends `SRB_FUNCTION_RELEASE_QUEUE`.
pub const FLAGS_NO_QUEUE_FREEZE: u32 = 0x0000_0100;
/// `SRB_STATUS_QUEUE_FROZEN` bit of `SrbStatus`.
pub const STATUS_QUEUE_FROZEN: u8 = 0x40;
/// `SRB_STATUS_AUTOSENSE_VALID` bit of `SrbStatus`.
pub const STATUS_AUTOSENSE_VALID: u8 = 0x80;

/// `IOCTL_SCSI_EXECUTE_IN` (scsi.h: `(FILE_DEVICE_SCSI << 16) + 0x11`).
pub const IOCTL_SCSI_EXECUTE_IN: u32 = 0x001B_0011;
/// `IOCTL_SCSI_EXECUTE_OUT`.
pub const IOCTL_SCSI_EXECUTE_OUT: u32 = 0x001B_0012;
/// `IOCTL_SCSI_EXECUTE_NONE`.
pub const IOCTL_SCSI_EXECUTE_NONE: u32 = 0x001B_0013;

/// `SRB_STATUS(x)`: the status without the autosense/frozen flag bits.
pub const fn status(raw: u8) -> u8 {
    raw & !(STATUS_AUTOSENSE_VALID | STATUS_QUEUE_FROZEN)
}

/// Direction of a command's data phase, with the SRB flag and IOCTL code
/// that go with it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    /// No data.
    None,
    /// Device to host.
    In,
    /// Host to device.
    Out,
}

impl Direction {
    /// The `SRB_FLAGS_DATA_*` bit.
    pub const fn flag(self) -> u32 {
        match self {
            Self::None => 0,
            Self::In => FLAGS_DATA_IN,
            Self::Out => FLAGS_DATA_OUT,
        }
    }

    /// The `IOCTL_SCSI_EXECUTE_*` code the class driver uses for it.
    pub const fn ioctl(self) -> u32 {
        match self {
            Self::None => IOCTL_SCSI_EXECUTE_NONE,
            Self::In => IOCTL_SCSI_EXECUTE_IN,
            Self::Out => IOCTL_SCSI_EXECUTE_OUT,
        }
    }
}

/// Fields of a GUID as `DEFINE_GUID` spells them (`Data1`, `Data2`,
/// `Data3`, `Data4`); the glue turns them into the WDK's `GUID`.
pub type GuidParts = (u32, u16, u16, [u8; 8]);

/// `GUID_IO_MEDIA_ARRIVAL` {d07433c0-a98e-11d2-917a-00a0c9068ff3} (ioevent.h).
pub const GUID_IO_MEDIA_ARRIVAL: GuidParts = (
    0xd074_33c0,
    0xa98e,
    0x11d2,
    [0x91, 0x7a, 0x00, 0xa0, 0xc9, 0x06, 0x8f, 0xf3],
);
/// `GUID_IO_MEDIA_REMOVAL` {d07433c1-a98e-11d2-917a-00a0c9068ff3}.
pub const GUID_IO_MEDIA_REMOVAL: GuidParts = (
    0xd074_33c1,
    0xa98e,
    0x11d2,
    [0x91, 0x7a, 0x00, 0xa0, 0xc9, 0x06, 0x8f, 0xf3],
);
/// `GUID_IO_MEDIA_EJECT_REQUEST` {d07433d1-a98e-11d2-917a-00a0c9068ff3}.
pub const GUID_IO_MEDIA_EJECT_REQUEST: GuidParts = (
    0xd074_33d1,
    0xa98e,
    0x11d2,
    [0x91, 0x7a, 0x00, 0xa0, 0xc9, 0x06, 0x8f, 0xf3],
);
/// `GUID_IO_CDROM_EXCLUSIVE_LOCK` {bc56c139-7a10-47ee-a294-4c6a38f0149a}.
pub const GUID_IO_CDROM_EXCLUSIVE_LOCK: GuidParts = (
    0xbc56_c139,
    0x7a10,
    0x47ee,
    [0xa2, 0x94, 0x4c, 0x6a, 0x38, 0xf0, 0x14, 0x9a],
);
/// `GUID_IO_CDROM_EXCLUSIVE_UNLOCK` {a3b6d27d-5e35-4885-81e5-ee18c00ed779}.
pub const GUID_IO_CDROM_EXCLUSIVE_UNLOCK: GuidParts = (
    0xa3b6_d27d,
    0x5e35,
    0x4885,
    [0x81, 0xe5, 0xee, 0x18, 0xc0, 0x0e, 0xd7, 0x79],
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srb_status_strips_the_flag_bits() {
        assert_eq!(status(0x84), 0x04);
        assert_eq!(status(0xC1), 0x01);
        assert_eq!(status(0x12), 0x12);
    }

    #[test]
    fn direction_codes_match_scsi_h() {
        assert_eq!(Direction::In.ioctl(), (0x1B << 16) + 0x11);
        assert_eq!(Direction::Out.ioctl(), (0x1B << 16) + 0x12);
        assert_eq!(Direction::None.ioctl(), (0x1B << 16) + 0x13);
        assert_eq!(Direction::In.flag() | Direction::Out.flag(), 0xC0);
    }
}
