//! Windows structures of the geometry and capacity IOCTLs (`ntdddisk.h`,
//! `ntddstor.h`): IOCTL_CDROM/DISK_GET_DRIVE_GEOMETRY(_EX),
//! IOCTL_DISK_GET_LENGTH_INFO and IOCTL_STORAGE_READ_CAPACITY.
//!
//! These are native Windows structures (little-endian integers,
//! `LARGE_INTEGER` as `i64`), built by the driver from READ CAPACITY data.
//! Padding the C compiler inserts is an explicit zero field here, so that
//! every byte the driver returns is written.
//!
//! `STORAGE_READ_CAPACITY` belongs to `ntddstor.h` but lives here with the
//! other READ CAPACITY answers.

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

/// `MEDIA_TYPE` (a C enum, 4 bytes). Open: any value fits.
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, Hash, Default, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
#[repr(transparent)]
pub struct MediaType(pub u32);

impl MediaType {
    /// `Unknown`.
    pub const UNKNOWN: Self = Self(0);
    /// `RemovableMedia`: what a CD-ROM reports.
    pub const REMOVABLE_MEDIA: Self = Self(11);
    /// `FixedMedia`.
    pub const FIXED_MEDIA: Self = Self(12);
}

/// `DISK_GEOMETRY` (24 bytes).
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, Default, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
#[repr(C)]
pub struct DiskGeometry {
    /// `Cylinders` (`LARGE_INTEGER`).
    pub cylinders: i64,
    /// `MediaType`.
    pub media_type: MediaType,
    /// `TracksPerCylinder`.
    pub tracks_per_cylinder: u32,
    /// `SectorsPerTrack`.
    pub sectors_per_track: u32,
    /// `BytesPerSector`.
    pub bytes_per_sector: u32,
}
const _: () = assert!(size_of::<DiskGeometry>() == 24);

/// `DISK_GEOMETRY_EX` (40 bytes; the driver returns the first
/// [`DISK_GEOMETRY_EX_FILLED`] of them).
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, Default, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
#[repr(C)]
pub struct DiskGeometryEx {
    /// `Geometry`.
    pub geometry: DiskGeometry,
    /// `DiskSize` (`LARGE_INTEGER`), bytes.
    pub disk_size: i64,
    /// `Data[1]`: partition and detection information (not filled).
    pub data: [u8; 1],
    /// Tail padding to the structure's 8-byte alignment.
    pub padding: [u8; 7],
}
const _: () = assert!(size_of::<DiskGeometryEx>() == 40);

/// Offset of `DISK_GEOMETRY_EX.Data`: the bytes the driver fills and the
/// minimum output of GET_DRIVE_GEOMETRY_EX.
pub const DISK_GEOMETRY_EX_FILLED: usize = core::mem::offset_of!(DiskGeometryEx, data);
const _: () = assert!(DISK_GEOMETRY_EX_FILLED == 32);

/// `GET_LENGTH_INFORMATION` (8 bytes).
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, Default, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
#[repr(C)]
pub struct GetLengthInformation {
    /// `Length` (`LARGE_INTEGER`), bytes.
    pub length: i64,
}
const _: () = assert!(size_of::<GetLengthInformation>() == 8);

/// `STORAGE_READ_CAPACITY` (32 bytes).
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, Default, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
#[repr(C)]
pub struct StorageReadCapacity {
    /// `Version`: `sizeof(STORAGE_READ_CAPACITY)`.
    pub version: u32,
    /// `Size`: `sizeof(STORAGE_READ_CAPACITY)`.
    pub size: u32,
    /// `BlockLength`.
    pub block_length: u32,
    /// Padding before the 8-byte aligned `NumberOfBlocks`.
    pub padding: u32,
    /// `NumberOfBlocks` (`LARGE_INTEGER`).
    pub number_of_blocks: i64,
    /// `DiskLength` (`LARGE_INTEGER`), bytes.
    pub disk_length: i64,
}
const _: () = assert!(size_of::<StorageReadCapacity>() == 32);

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::offset_of;

    /// Offsets from spec/ioctls.md §2.10 and §5.1 (mingw-w64, x86_64).
    #[test]
    fn offsets_match_the_headers() {
        assert_eq!(offset_of!(DiskGeometry, media_type), 8);
        assert_eq!(offset_of!(DiskGeometry, tracks_per_cylinder), 12);
        assert_eq!(offset_of!(DiskGeometry, sectors_per_track), 16);
        assert_eq!(offset_of!(DiskGeometry, bytes_per_sector), 20);
        assert_eq!(offset_of!(DiskGeometryEx, disk_size), 24);
        assert_eq!(offset_of!(DiskGeometryEx, data), 32);
        assert_eq!(offset_of!(StorageReadCapacity, block_length), 8);
        assert_eq!(offset_of!(StorageReadCapacity, number_of_blocks), 16);
        assert_eq!(offset_of!(StorageReadCapacity, disk_length), 24);
    }
}
