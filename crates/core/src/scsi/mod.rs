//! SCSI/MMC wire types: operation codes, CDB builders and checked views of
//! the answers the driver parses.
//!
//! Multi-byte fields are big-endian on the wire; builders write them with
//! `to_be_bytes` and views read them through accessors, never as raw
//! integers.

pub mod audio;
pub mod config;
pub mod media;
pub mod mode;
pub mod msf;
pub mod readcd;
pub mod speed;
pub mod toc;

/// Operation codes (SPC-4, SBC-3, MMC-6).
pub mod opcode {
    /// TEST UNIT READY.
    pub const TEST_UNIT_READY: u8 = 0x00;
    /// REQUEST SENSE.
    pub const REQUEST_SENSE: u8 = 0x03;
    /// READ(6).
    pub const READ6: u8 = 0x08;
    /// WRITE(6).
    pub const WRITE6: u8 = 0x0A;
    /// INQUIRY.
    pub const INQUIRY: u8 = 0x12;
    /// MODE SELECT(6).
    pub const MODE_SELECT6: u8 = 0x15;
    /// RESERVE(6).
    pub const RESERVE6: u8 = 0x16;
    /// RELEASE(6).
    pub const RELEASE6: u8 = 0x17;
    /// MODE SENSE(6).
    pub const MODE_SENSE6: u8 = 0x1A;
    /// START STOP UNIT.
    pub const START_STOP_UNIT: u8 = 0x1B;
    /// PREVENT ALLOW MEDIUM REMOVAL.
    pub const PREVENT_ALLOW_MEDIUM_REMOVAL: u8 = 0x1E;
    /// READ CAPACITY(10).
    pub const READ_CAPACITY: u8 = 0x25;
    /// READ(10).
    pub const READ10: u8 = 0x28;
    /// WRITE(10).
    pub const WRITE10: u8 = 0x2A;
    /// SEEK(10).
    pub const SEEK10: u8 = 0x2B;
    /// VERIFY(10).
    pub const VERIFY10: u8 = 0x2F;
    /// SYNCHRONIZE CACHE(10).
    pub const SYNCHRONIZE_CACHE: u8 = 0x35;
    /// READ SUB-CHANNEL.
    pub const READ_SUB_CHANNEL: u8 = 0x42;
    /// READ TOC/PMA/ATIP.
    pub const READ_TOC: u8 = 0x43;
    /// GET CONFIGURATION.
    pub const GET_CONFIGURATION: u8 = 0x46;
    /// PLAY AUDIO MSF.
    pub const PLAY_AUDIO_MSF: u8 = 0x47;
    /// GET EVENT STATUS NOTIFICATION.
    pub const GET_EVENT_STATUS_NOTIFICATION: u8 = 0x4A;
    /// PAUSE/RESUME.
    pub const PAUSE_RESUME: u8 = 0x4B;
    /// STOP PLAY/SCAN.
    pub const STOP_PLAY_SCAN: u8 = 0x4E;
    /// READ DISC INFORMATION.
    pub const READ_DISC_INFORMATION: u8 = 0x51;
    /// READ TRACK INFORMATION.
    pub const READ_TRACK_INFORMATION: u8 = 0x52;
    /// SEND OPC INFORMATION.
    pub const SEND_OPC_INFORMATION: u8 = 0x54;
    /// MODE SELECT(10).
    pub const MODE_SELECT10: u8 = 0x55;
    /// RESERVE(10).
    pub const RESERVE10: u8 = 0x56;
    /// RELEASE(10).
    pub const RELEASE10: u8 = 0x57;
    /// MODE SENSE(10).
    pub const MODE_SENSE10: u8 = 0x5A;
    /// READ(12).
    pub const READ12: u8 = 0xA8;
    /// WRITE(12).
    pub const WRITE12: u8 = 0xAA;
    /// GET PERFORMANCE.
    pub const GET_PERFORMANCE: u8 = 0xAC;
    /// READ DVD STRUCTURE.
    pub const READ_DVD_STRUCTURE: u8 = 0xAD;
    /// SET STREAMING.
    pub const SET_STREAMING: u8 = 0xB6;
    /// READ CD MSF.
    pub const READ_CD_MSF: u8 = 0xB9;
    /// SET CD SPEED.
    pub const SET_CD_SPEED: u8 = 0xBB;
    /// MECHANISM STATUS.
    pub const MECHANISM_STATUS: u8 = 0xBD;
    /// READ CD.
    pub const READ_CD: u8 = 0xBE;
}
