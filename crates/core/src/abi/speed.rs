//! Windows structures of the speed, performance, streaming and OPC IOCTLs
//! (spec/ioctls.md §2.5–2.8). Most are missing from mingw-w64; sizes and
//! offsets are the SDK's (spec §5.2).
//!
//! Request types are open newtypes: a caller's unknown value still fits and
//! is refused by validation, never transmuted into a Rust enum.

use zerocopy::byteorder::big_endian::{U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// `CDROM_SPEED_REQUEST`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct CdromSpeedRequest(pub u32);

impl CdromSpeedRequest {
    /// `CdromSetSpeed`: SET CD SPEED.
    pub const SET_SPEED: Self = Self(0);
    /// `CdromSetStreaming`: SET STREAMING.
    pub const SET_STREAMING: Self = Self(1);
}

/// `WRITE_ROTATION`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct WriteRotation(pub u32);

impl WriteRotation {
    /// `CdromDefaultRotation`.
    pub const DEFAULT: Self = Self(0);
    /// `CdromCAVRotation`.
    pub const CAV: Self = Self(1);
}

/// `CDROM_SET_SPEED` (12 bytes).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct CdromSetSpeed {
    /// `RequestType` ([`CdromSpeedRequest`]).
    pub request_type: u32,
    /// `ReadSpeed`, KB/s.
    pub read_speed: u16,
    /// `WriteSpeed`, KB/s.
    pub write_speed: u16,
    /// `RotationControl` ([`WriteRotation`]).
    pub rotation_control: u32,
}
const _: () = assert!(size_of::<CdromSetSpeed>() == 12);

/// `CDROM_SET_STREAMING` (36 bytes).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct CdromSetStreaming {
    /// `RequestType` ([`CdromSpeedRequest::SET_STREAMING`]).
    pub request_type: u32,
    /// `ReadSize`, KB.
    pub read_size: u32,
    /// `ReadTime`, ms.
    pub read_time: u32,
    /// `WriteSize`, KB.
    pub write_size: u32,
    /// `WriteTime`, ms.
    pub write_time: u32,
    /// `StartLba`.
    pub start_lba: u32,
    /// `EndLba`.
    pub end_lba: u32,
    /// `RotationControl` ([`WriteRotation`]).
    pub rotation_control: u32,
    /// `RestoreDefaults` (BOOLEAN).
    pub restore_defaults: u8,
    /// `SetExact` (BOOLEAN).
    pub set_exact: u8,
    /// `RandomAccess` (BOOLEAN).
    pub random_access: u8,
    /// `Persistent` (BOOLEAN): FALSE restores the defaults at the next
    /// medium change.
    pub persistent: u8,
}
const _: () = assert!(size_of::<CdromSetStreaming>() == 36);
const _: () = assert!(core::mem::offset_of!(CdromSetStreaming, restore_defaults) == 32);

/// `CDROM_PERFORMANCE_REQUEST_TYPE`. The SDK's values start at 1.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct CdromPerformanceRequestType(pub u32);

impl CdromPerformanceRequestType {
    /// `CdromPerformanceRequest`.
    pub const PERFORMANCE: Self = Self(1);
    /// `CdromWriteSpeedRequest`.
    pub const WRITE_SPEED: Self = Self(2);
}

/// `CDROM_PERFORMANCE_TYPE`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct CdromPerformanceType(pub u32);

impl CdromPerformanceType {
    /// `CdromReadPerformance`.
    pub const READ: Self = Self(1);
    /// `CdromWritePerformance`.
    pub const WRITE: Self = Self(2);
}

/// `CDROM_PERFORMANCE_EXCEPTION_TYPE`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct CdromPerformanceExceptionType(pub u32);

impl CdromPerformanceExceptionType {
    /// `CdromNominalPerformance`.
    pub const NOMINAL: Self = Self(1);
    /// `CdromEntirePerformanceList`.
    pub const ENTIRE_LIST: Self = Self(2);
    /// `CdromPerformanceExceptionsOnly`.
    pub const EXCEPTIONS_ONLY: Self = Self(3);
}

/// `CDROM_PERFORMANCE_TOLERANCE_TYPE`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct CdromPerformanceToleranceType(pub u32);

impl CdromPerformanceToleranceType {
    /// `Cdrom10Nominal20Exceptions`: the only value.
    pub const TEN_NOMINAL_20_EXCEPTIONS: Self = Self(1);
}

/// `CDROM_WRITE_SPEED_REQUEST` (4 bytes): the common prefix of every
/// GET_PERFORMANCE input.
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct CdromWriteSpeedRequest {
    /// `RequestType` ([`CdromPerformanceRequestType`]).
    pub request_type: u32,
}
const _: () = assert!(size_of::<CdromWriteSpeedRequest>() == 4);

/// `CDROM_PERFORMANCE_REQUEST` (20 bytes).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct CdromPerformanceRequest {
    /// `RequestType` ([`CdromPerformanceRequestType::PERFORMANCE`]).
    pub request_type: u32,
    /// `PerformanceType` ([`CdromPerformanceType`]).
    pub performance_type: u32,
    /// `Exceptions` ([`CdromPerformanceExceptionType`]).
    pub exceptions: u32,
    /// `Tolerance` ([`CdromPerformanceToleranceType`]).
    pub tolerance: u32,
    /// `StaringLba` (the SDK's spelling).
    pub staring_lba: u32,
}
const _: () = assert!(size_of::<CdromPerformanceRequest>() == 20);

/// `CDROM_PERFORMANCE_HEADER` (8 bytes): GET PERFORMANCE's answer header,
/// returned to the caller as the drive sent it.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct CdromPerformanceHeader {
    /// `DataLength` (bytes after this field), big-endian.
    pub data_length: U32,
    /// Bit 0 `Except`, bit 1 `Write`.
    pub flags: u8,
    /// `Reserved2`.
    pub reserved2: [u8; 3],
}
const _: () = assert!(size_of::<CdromPerformanceHeader>() == 8);

/// `CDROM_NOMINAL_PERFORMANCE_DESCRIPTOR` (16 bytes, big-endian).
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct CdromNominalPerformanceDescriptor {
    /// `StartLba`.
    pub start_lba: U32,
    /// `StartPerformance`, KB/s.
    pub start_performance: U32,
    /// `EndLba`.
    pub end_lba: U32,
    /// `EndPerformance`, KB/s.
    pub end_performance: U32,
}
const _: () = assert!(size_of::<CdromNominalPerformanceDescriptor>() == 16);

/// `CDROM_EXCEPTION_PERFORMANCE_DESCRIPTOR` (6 bytes, big-endian).
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct CdromExceptionPerformanceDescriptor {
    /// `Lba`.
    pub lba: U32,
    /// `Time`, tenths of ms.
    pub time: U16,
}
const _: () = assert!(size_of::<CdromExceptionPerformanceDescriptor>() == 6);

/// `CDROM_WRITE_SPEED_DESCRIPTOR` (16 bytes, big-endian).
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct CdromWriteSpeedDescriptor {
    /// Bit 0 `MixedReadWrite`, bit 1 `Exact`, bits 3-4 `WriteRotationControl`.
    pub flags: u8,
    /// `Reserved3`.
    pub reserved3: [u8; 3],
    /// `EndLba`.
    pub end_lba: U32,
    /// `ReadSpeed`, KB/s.
    pub read_speed: U32,
    /// `WriteSpeed`, KB/s.
    pub write_speed: U32,
}
const _: () = assert!(size_of::<CdromWriteSpeedDescriptor>() == 16);

/// `STREAMING_CONTROL_REQUEST_TYPE`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct StreamingControlRequestType(pub u32);

impl StreamingControlRequestType {
    /// `CdromStreamingDisable`.
    pub const DISABLE: Self = Self(1);
    /// `CdromStreamingEnableForReadOnly`.
    pub const ENABLE_FOR_READ_ONLY: Self = Self(2);
    /// `CdromStreamingEnableForWriteOnly`.
    pub const ENABLE_FOR_WRITE_ONLY: Self = Self(3);
    /// `CdromStreamingEnableForReadWrite`.
    pub const ENABLE_FOR_READ_WRITE: Self = Self(4);
}

/// `CDROM_STREAMING_CONTROL` (4 bytes).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct CdromStreamingControl {
    /// `RequestType` ([`StreamingControlRequestType`]).
    pub request_type: u32,
}
const _: () = assert!(size_of::<CdromStreamingControl>() == 4);

/// `CDROM_OPC_INFO_TYPE`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct CdromOpcInfoType(pub u32);

impl CdromOpcInfoType {
    /// `SimpleOpcInfo`: the only value.
    pub const SIMPLE_OPC_INFO: Self = Self(1);
}

/// `CDROM_SIMPLE_OPC_INFO` (8 bytes).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct CdromSimpleOpcInfo {
    /// `RequestType` ([`CdromOpcInfoType`]).
    pub request_type: u32,
    /// `Exclude0` (BOOLEAN).
    pub exclude0: u8,
    /// `Exclude1` (BOOLEAN).
    pub exclude1: u8,
    /// Tail padding.
    pub reserved: [u8; 2],
}
const _: () = assert!(size_of::<CdromSimpleOpcInfo>() == 8);
const _: () = assert!(core::mem::offset_of!(CdromSimpleOpcInfo, exclude1) == 5);

#[cfg(test)]
mod tests {
    use super::*;
    use zerocopy::FromBytes;

    #[test]
    fn set_streaming_from_bytes() {
        let mut b = [0u8; 36];
        b[0] = 1;
        b[20..24].copy_from_slice(&0x10u32.to_le_bytes());
        b[35] = 1;
        let s = CdromSetStreaming::read_from_bytes(&b).unwrap();
        assert_eq!(s.request_type, 1);
        assert_eq!(s.start_lba, 0x10);
        assert_eq!(s.persistent, 1);
    }

    #[test]
    fn performance_request_offsets() {
        let mut b = [0u8; 20];
        b[16] = 0x22;
        let r = CdromPerformanceRequest::read_from_bytes(&b).unwrap();
        assert_eq!(r.staring_lba, 0x22);
    }
}
