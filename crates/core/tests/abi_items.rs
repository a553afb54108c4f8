//! The Rust side of the ABI comparison: one entry per structure size, field
//! offset and constant, naming the C item it must equal.

use cdfilter_core::abi::audio;
use cdfilter_core::scsi::audio as scsi_audio;
use cdfilter_core::scsi::opcode;

macro_rules! size {
    ($c:literal, $t:ty) => {
        Item::Size {
            c: $c,
            rust: size_of::<$t>(),
        }
    };
}

macro_rules! offset {
    ($c:literal, $field:literal, $t:ty, $f:ident) => {
        Item::Offset {
            c: $c,
            field: $field,
            rust: core::mem::offset_of!($t, $f),
        }
    };
}

macro_rules! konst {
    ($c:literal, $v:expr) => {
        Item::Const {
            c: $c,
            rust: $v as i64,
        }
    };
}

/// One item to compare.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code, reason = "each test binary uses only some variants")]
pub enum Item {
    /// `sizeof(c)` equals the Rust size.
    Size {
        /// C type name.
        c: &'static str,
        /// Rust `size_of`.
        rust: usize,
    },
    /// `offsetof(c, field)` equals the Rust offset.
    Offset {
        /// C type name.
        c: &'static str,
        /// C field name (may be a path like `Access.RequestType`).
        field: &'static str,
        /// Rust `offset_of!`.
        rust: usize,
    },
    /// A C constant equals the Rust one.
    Const {
        /// C macro or enumerator.
        c: &'static str,
        /// Rust value.
        rust: i64,
    },
    /// Not in mingw: compared with the spec's number.
    Spec {
        /// What.
        name: &'static str,
        /// Rust value.
        rust: i64,
        /// The spec's value.
        spec: i64,
    },
}

/// Filled as the ABI modules land.
pub const ITEMS: &[Item] = &[
    Item::Spec {
        name: "MAXIMUM_CDROM_INQUIRY_SIZE",
        rust: cdfilter_core::device::INQUIRY_MAX as i64,
        spec: 260,
    },
    // Audio (abi/audio.rs, scsi/audio.rs). Bit fields (Control/ADR, Mcval,
    // Tcval) have no offsetof; their bytes are the fields before/after.
    size!("CDROM_PLAY_AUDIO_MSF", audio::CdromPlayAudioMsf),
    offset!(
        "CDROM_PLAY_AUDIO_MSF",
        "EndingM",
        audio::CdromPlayAudioMsf,
        ending_m
    ),
    size!("CDROM_SEEK_AUDIO_MSF", audio::CdromSeekAudioMsf),
    offset!("CDROM_SEEK_AUDIO_MSF", "F", audio::CdromSeekAudioMsf, f),
    size!("CDROM_SUB_Q_DATA_FORMAT", audio::CdromSubQDataFormat),
    offset!(
        "CDROM_SUB_Q_DATA_FORMAT",
        "Track",
        audio::CdromSubQDataFormat,
        track
    ),
    size!("SUB_Q_HEADER", audio::SubQHeader),
    offset!(
        "SUB_Q_HEADER",
        "AudioStatus",
        audio::SubQHeader,
        audio_status
    ),
    offset!("SUB_Q_HEADER", "DataLength", audio::SubQHeader, data_length),
    size!("SUB_Q_CURRENT_POSITION", audio::SubQCurrentPosition),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "FormatCode",
        audio::SubQCurrentPosition,
        format_code
    ),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "TrackNumber",
        audio::SubQCurrentPosition,
        track_number
    ),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "IndexNumber",
        audio::SubQCurrentPosition,
        index_number
    ),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "AbsoluteAddress",
        audio::SubQCurrentPosition,
        absolute_address
    ),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "TrackRelativeAddress",
        audio::SubQCurrentPosition,
        track_relative_address
    ),
    size!("SUB_Q_MEDIA_CATALOG_NUMBER", audio::SubQMediaCatalogNumber),
    offset!(
        "SUB_Q_MEDIA_CATALOG_NUMBER",
        "Reserved",
        audio::SubQMediaCatalogNumber,
        reserved
    ),
    offset!(
        "SUB_Q_MEDIA_CATALOG_NUMBER",
        "MediaCatalog",
        audio::SubQMediaCatalogNumber,
        media_catalog
    ),
    size!("SUB_Q_TRACK_ISRC", audio::SubQTrackIsrc),
    offset!(
        "SUB_Q_TRACK_ISRC",
        "Reserved0",
        audio::SubQTrackIsrc,
        reserved0
    ),
    offset!("SUB_Q_TRACK_ISRC", "Track", audio::SubQTrackIsrc, track),
    offset!(
        "SUB_Q_TRACK_ISRC",
        "Reserved1",
        audio::SubQTrackIsrc,
        reserved1
    ),
    offset!(
        "SUB_Q_TRACK_ISRC",
        "TrackIsrc",
        audio::SubQTrackIsrc,
        track_isrc
    ),
    size!("VOLUME_CONTROL", audio::VolumeControl),
    size!("AUDIO_OUTPUT", scsi_audio::AudioOutput),
    offset!(
        "AUDIO_OUTPUT",
        "Immediate",
        scsi_audio::AudioOutput,
        immediate
    ),
    offset!(
        "AUDIO_OUTPUT",
        "LbaFormat",
        scsi_audio::AudioOutput,
        lba_format
    ),
    offset!(
        "AUDIO_OUTPUT",
        "LogicalBlocksPerSecond",
        scsi_audio::AudioOutput,
        logical_blocks_per_second
    ),
    offset!(
        "AUDIO_OUTPUT",
        "PortOutput",
        scsi_audio::AudioOutput,
        port_output
    ),
    size!("PORT_OUTPUT", scsi_audio::PortOutput),
    konst!(
        "IOCTL_CDROM_SUB_Q_CHANNEL",
        audio::SubQFormat::SUB_Q_CHANNEL.0
    ),
    konst!(
        "IOCTL_CDROM_CURRENT_POSITION",
        audio::SubQFormat::CURRENT_POSITION.0
    ),
    konst!(
        "IOCTL_CDROM_MEDIA_CATALOG",
        audio::SubQFormat::MEDIA_CATALOG.0
    ),
    konst!("IOCTL_CDROM_TRACK_ISRC", audio::SubQFormat::TRACK_ISRC.0),
    konst!(
        "AUDIO_STATUS_NOT_SUPPORTED",
        audio::AudioStatus::NOT_SUPPORTED.0
    ),
    konst!(
        "AUDIO_STATUS_IN_PROGRESS",
        audio::AudioStatus::IN_PROGRESS.0
    ),
    konst!("AUDIO_STATUS_PAUSED", audio::AudioStatus::PAUSED.0),
    konst!(
        "AUDIO_STATUS_PLAY_COMPLETE",
        audio::AudioStatus::PLAY_COMPLETE.0
    ),
    konst!("AUDIO_STATUS_PLAY_ERROR", audio::AudioStatus::PLAY_ERROR.0),
    konst!("AUDIO_STATUS_NO_STATUS", audio::AudioStatus::NO_STATUS.0),
    konst!(
        "AUDIO_WITH_PREEMPHASIS",
        audio::control::AUDIO_WITH_PREEMPHASIS
    ),
    konst!(
        "DIGITAL_COPY_PERMITTED",
        audio::control::DIGITAL_COPY_PERMITTED
    ),
    konst!("AUDIO_DATA_TRACK", audio::control::AUDIO_DATA_TRACK),
    konst!(
        "TWO_FOUR_CHANNEL_AUDIO",
        audio::control::TWO_FOUR_CHANNEL_AUDIO
    ),
    konst!("CDROM_AUDIO_CONTROL_PAGE", scsi_audio::AUDIO_CONTROL_PAGE),
    konst!("SCSIOP_SEEK", opcode::SEEK10),
    konst!("SCSIOP_READ_SUB_CHANNEL", opcode::READ_SUB_CHANNEL),
    konst!("SCSIOP_PLAY_AUDIO_MSF", opcode::PLAY_AUDIO_MSF),
    konst!("SCSIOP_PAUSE_RESUME", opcode::PAUSE_RESUME),
    konst!("SCSIOP_STOP_PLAY_SCAN", opcode::STOP_PLAY_SCAN),
    konst!("SCSIOP_START_STOP_UNIT", opcode::START_STOP_UNIT),
    konst!("SCSIOP_MODE_SENSE10", opcode::MODE_SENSE10),
    konst!("SCSIOP_MODE_SELECT10", opcode::MODE_SELECT10),
];
