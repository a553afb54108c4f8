//! CDBs of the speed and streaming family (SET CD SPEED, SET STREAMING,
//! GET PERFORMANCE, SEND OPC INFORMATION, streaming READ(12)/WRITE(12)) and
//! SET STREAMING's performance descriptor.

use zerocopy::byteorder::big_endian::U32;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use super::opcode;

/// SET CD SPEED: `[1]` bits 0-1 rotation control, `[2..4]` read speed and
/// `[4..6]` write speed in KB/s, big-endian.
pub const fn set_cd_speed(read_kbps: u16, write_kbps: u16, rotation: u8) -> [u8; 12] {
    let [r0, r1] = read_kbps.to_be_bytes();
    let [w0, w1] = write_kbps.to_be_bytes();
    [
        opcode::SET_CD_SPEED,
        rotation & 0x03,
        r0,
        r1,
        w0,
        w1,
        0,
        0,
        0,
        0,
        0,
        0,
    ]
}

/// Length of SET STREAMING's parameter list: one performance descriptor.
pub const PERFORMANCE_DESCRIPTOR_LEN: usize = 28;

/// SET STREAMING, Type 0 (performance descriptor), parameter list length
/// in `[9..11]` big-endian.
pub const SET_STREAMING: [u8; 12] = [
    opcode::SET_STREAMING,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    PERFORMANCE_DESCRIPTOR_LEN as u8,
    0,
];

/// SET STREAMING's performance descriptor (MMC-6 table 591; SDK
/// `PERFORMANCE_DESCRIPTOR`, 28 bytes, all fields big-endian).
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
pub struct PerformanceDescriptor {
    /// Bit 0 RandomAccess, bit 1 Exact, bit 2 RestoreDefaults, bits 3-4
    /// WriteRotationControl.
    pub flags: u8,
    /// Reserved.
    pub reserved: [u8; 3],
    /// First LBA the settings apply to.
    pub start_lba: U32,
    /// Last LBA the settings apply to.
    pub end_lba: U32,
    /// Read size, KB.
    pub read_size: U32,
    /// Read time, ms.
    pub read_time: U32,
    /// Write size, KB.
    pub write_size: U32,
    /// Write time, ms.
    pub write_time: U32,
}
const _: () = assert!(size_of::<PerformanceDescriptor>() == PERFORMANCE_DESCRIPTOR_LEN);

impl PerformanceDescriptor {
    /// RandomAccess (bit 0).
    pub const RANDOM_ACCESS: u8 = 0x01;
    /// Exact (bit 1).
    pub const EXACT: u8 = 0x02;
    /// RestoreDefaults (bit 2).
    pub const RESTORE_DEFAULTS: u8 = 0x04;
    /// Shift of WriteRotationControl (bits 3-4).
    pub const WRC_SHIFT: u8 = 3;

    /// A descriptor that only restores the drive's default performance.
    pub fn restore_defaults() -> Self {
        Self {
            flags: Self::RESTORE_DEFAULTS,
            ..Self::default()
        }
    }
}

/// GET PERFORMANCE's Type field (`[10]`): performance data.
pub const GET_PERFORMANCE_TYPE_PERFORMANCE: u8 = 0x00;
/// GET PERFORMANCE's Type field: write speed descriptors.
pub const GET_PERFORMANCE_TYPE_WRITE_SPEED: u8 = 0x03;
/// GET PERFORMANCE's Tolerance field value (`[1]` bits 3-4 = 10b).
pub const GET_PERFORMANCE_TOLERANCE_10: u8 = 0x02;

/// GET PERFORMANCE: `[1]` = tolerance << 3 | write << 2 | except, `[2..6]`
/// starting LBA, `[8..10]` maximum number of descriptors, `[10]` type.
pub const fn get_performance(
    byte1: u8,
    start_lba: u32,
    max_descriptors: u16,
    kind: u8,
) -> [u8; 12] {
    let [l0, l1, l2, l3] = start_lba.to_be_bytes();
    let [n0, n1] = max_descriptors.to_be_bytes();
    [
        opcode::GET_PERFORMANCE,
        byte1,
        l0,
        l1,
        l2,
        l3,
        0,
        0,
        n0,
        n1,
        kind,
        0,
    ]
}

/// SEND OPC INFORMATION with DoOpc = 1 and no parameter list: `[2]` bit 0
/// Exclude0, bit 1 Exclude1.
pub const fn send_opc(exclude0: bool, exclude1: bool) -> [u8; 10] {
    [
        opcode::SEND_OPC_INFORMATION,
        0x01,
        exclude0 as u8 | (exclude1 as u8) << 1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
    ]
}

/// The Streaming bit of READ(12)/WRITE(12) (`[10]` bit 7).
pub const STREAMING_BIT: u8 = 0x80;

/// READ(12) (`write` = false) or WRITE(12): `[2..6]` LBA, `[6..10]` block
/// count, `[10]` bit 7 Streaming.
pub const fn rw12(write: bool, lba: u32, blocks: u32, streaming: bool) -> [u8; 12] {
    let op = if write {
        opcode::WRITE12
    } else {
        opcode::READ12
    };
    let [l0, l1, l2, l3] = lba.to_be_bytes();
    let [b0, b1, b2, b3] = blocks.to_be_bytes();
    let flags = if streaming { STREAMING_BIT } else { 0 };
    [op, 0, l0, l1, l2, l3, b0, b1, b2, b3, flags, 0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cd_speed_bytes() {
        assert_eq!(
            set_cd_speed(0x1234, 0xFFFF, 1),
            [0xBB, 1, 0x12, 0x34, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(set_cd_speed(0, 0, 7)[1], 3);
    }

    #[test]
    fn restore_defaults_descriptor() {
        let d = PerformanceDescriptor::restore_defaults();
        let mut want = [0u8; 28];
        want[0] = 0x04;
        assert_eq!(d.as_bytes(), &want);
    }

    #[test]
    fn rw12_bytes() {
        assert_eq!(
            rw12(false, 0x0102_0304, 0x20, true),
            [0xA8, 0, 1, 2, 3, 4, 0, 0, 0, 0x20, 0x80, 0]
        );
        assert_eq!(
            rw12(true, 16, 1, false),
            [0xAA, 0, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0]
        );
    }

    #[test]
    fn send_opc_bytes() {
        assert_eq!(send_opc(true, true), [0x54, 1, 3, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(send_opc(false, true)[2], 2);
    }
}
