//! The IOCTL table: every code the driver knows, and how it handles each.

use super::device_type::{CD_ROM, CONTROLLER, DISK, MASS_STORAGE, MOUNTDEV};
use super::{ctl_code, Access, IoctlCode, Method};
use crate::status::NtStatus;

/// How the driver handles an IOCTL.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Handling {
    /// Validated, then translated into these SCSI/MMC operation codes.
    Translated(&'static [u8]),
    /// Answered by the driver from its own state; no device I/O.
    Local,
    /// Not owned by this driver: passed to the lower driver unchanged.
    PassDown,
    /// Refused at once with this status.
    Refused(NtStatus),
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct IoctlDef {
    /// Which IOCTL.
    pub id: Ioctl,
    /// Windows name (`IOCTL_…`).
    pub name: &'static str,
    /// The code.
    pub code: u32,
    /// Transfer method.
    pub method: Method,
    /// Required access.
    pub access: Access,
    /// How it is handled.
    pub handling: Handling,
    /// Allowed for a handle that does not hold another handle's exclusive lock.
    pub lock_exempt: bool,
}

impl IoctlDef {
    /// The code with its fields.
    pub const fn code(&self) -> IoctlCode {
        IoctlCode(self.code)
    }
}

macro_rules! ioctl_table {
    ($( $(#[$doc:meta])* $id:ident = $name:literal, $dev:expr, $func:expr, $method:ident, $access:ident,
        $handling:expr, $exempt:expr; )*) => {
        /// Every IOCTL the driver knows by name.
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
        pub enum Ioctl { $( $(#[$doc])* $id, )* }

        impl Ioctl {
            /// The code of this IOCTL.
            pub const fn code(self) -> u32 {
                match self { $( Self::$id => ctl_code($dev, $func, Method::$method, Access::$access), )* }
            }
        }

        /// The table, in the order of the CD-ROM I/O control-code table, then
        /// the storage, disk, SCSI and mount-manager codes.
        pub const TABLE: &[IoctlDef] = &[ $( IoctlDef {
            id: Ioctl::$id,
            name: $name,
            code: ctl_code($dev, $func, Method::$method, Access::$access),
            method: Method::$method,
            access: Access::$access,
            handling: $handling,
            lock_exempt: $exempt,
        }, )* ];
    };
}

use Handling::{Local, PassDown, Refused, Translated};

ioctl_table! {
    /// READ TOC format 0 into the 804-byte CDROM_TOC.
    CdromReadToc = "IOCTL_CDROM_READ_TOC", CD_ROM, 0x000, Buffered, Read, Translated(&[0x43]), false;
    /// SEEK(10) to an MSF address.
    CdromSeekAudioMsf = "IOCTL_CDROM_SEEK_AUDIO_MSF", CD_ROM, 0x001, Buffered, Read, Translated(&[0x2B]), false;
    /// Stop play (START STOP UNIT, Immed).
    CdromStopAudio = "IOCTL_CDROM_STOP_AUDIO", CD_ROM, 0x002, Buffered, Read, Translated(&[0x42, 0x1B]), false;
    /// PAUSE/RESUME with Resume = 0.
    CdromPauseAudio = "IOCTL_CDROM_PAUSE_AUDIO", CD_ROM, 0x003, Buffered, Read, Translated(&[0x4B]), false;
    /// PAUSE/RESUME with Resume = 1.
    CdromResumeAudio = "IOCTL_CDROM_RESUME_AUDIO", CD_ROM, 0x004, Buffered, Read, Translated(&[0x4B]), false;
    /// MODE SENSE(10) of the CD audio control page 0x0E.
    CdromGetVolume = "IOCTL_CDROM_GET_VOLUME", CD_ROM, 0x005, Buffered, Read, Translated(&[0x5A]), false;
    /// PLAY AUDIO MSF.
    CdromPlayAudioMsf = "IOCTL_CDROM_PLAY_AUDIO_MSF", CD_ROM, 0x006, Buffered, Read, Translated(&[0x47]), false;
    /// MODE SENSE(10) then MODE SELECT(10) of page 0x0E.
    CdromSetVolume = "IOCTL_CDROM_SET_VOLUME", CD_ROM, 0x00A, Buffered, Read, Translated(&[0x5A, 0x55]), false;
    /// READ SUB-CHANNEL (position, MCN, ISRC).
    CdromReadQChannel = "IOCTL_CDROM_READ_Q_CHANNEL", CD_ROM, 0x00B, Buffered, Read, Translated(&[0x42]), false;
    /// Obsolete since Windows Server 2003; passed down. The class driver has
    /// no handler either and forwards it, so the port driver's refusal is the
    /// truthful answer; the filter invents none.
    CdromGetControl = "IOCTL_CDROM_GET_CONTROL", CD_ROM, 0x00D, Buffered, Read, PassDown, false;
    /// READ TOC format 1 (session information), LBA addressing.
    CdromGetLastSession = "IOCTL_CDROM_GET_LAST_SESSION", CD_ROM, 0x00E, Buffered, Read, Translated(&[0x43]), false;
    /// READ CD into the caller's buffer (zero copy).
    CdromRawRead = "IOCTL_CDROM_RAW_READ", CD_ROM, 0x00F, OutDirect, Read, Translated(&[0xBE]), false;
    /// No handler in the class driver; passed down.
    CdromDiskType = "IOCTL_CDROM_DISK_TYPE", CD_ROM, 0x010, Buffered, Any, PassDown, false;
    /// READ CAPACITY into DISK_GEOMETRY.
    CdromGetDriveGeometry = "IOCTL_CDROM_GET_DRIVE_GEOMETRY", CD_ROM, 0x013, Buffered, Read, Translated(&[0x25]), false;
    /// READ CAPACITY into DISK_GEOMETRY_EX.
    CdromGetDriveGeometryEx = "IOCTL_CDROM_GET_DRIVE_GEOMETRY_EX", CD_ROM, 0x014, Buffered, Read, Translated(&[0x25]), false;
    /// READ TOC/PMA/ATIP with the caller's format, MSF and track.
    CdromReadTocEx = "IOCTL_CDROM_READ_TOC_EX", CD_ROM, 0x015, Buffered, Read, Translated(&[0x43]), false;
    /// GET CONFIGURATION.
    CdromGetConfiguration = "IOCTL_CDROM_GET_CONFIGURATION", CD_ROM, 0x016, Buffered, Read, Translated(&[0x46]), false;
    /// Per-handle exclusive lock; no CDB.
    CdromExclusiveAccess = "IOCTL_CDROM_EXCLUSIVE_ACCESS", CD_ROM, 0x017, Buffered, ReadWrite, Local, true;
    /// SET CD SPEED or SET STREAMING.
    CdromSetSpeed = "IOCTL_CDROM_SET_SPEED", CD_ROM, 0x018, Buffered, Read, Translated(&[0xBB, 0xB6]), false;
    /// INQUIRY data cached at start.
    CdromGetInquiryData = "IOCTL_CDROM_GET_INQUIRY_DATA", CD_ROM, 0x019, Buffered, Read, Local, true;
    /// Per-handle streaming flags; no CDB.
    CdromEnableStreaming = "IOCTL_CDROM_ENABLE_STREAMING", CD_ROM, 0x01A, Buffered, Read, Local, false;
    /// SEND OPC INFORMATION.
    CdromSendOpcInformation = "IOCTL_CDROM_SEND_OPC_INFORMATION", CD_ROM, 0x01B, Buffered, ReadWrite, Translated(&[0x54]), false;
    /// GET PERFORMANCE.
    CdromGetPerformance = "IOCTL_CDROM_GET_PERFORMANCE", CD_ROM, 0x01C, Buffered, Read, Translated(&[0xAC]), false;
    /// Alias of IOCTL_STORAGE_CHECK_VERIFY.
    CdromCheckVerify = "IOCTL_CDROM_CHECK_VERIFY", CD_ROM, 0x200, Buffered, Read, Translated(&[0x00]), false;
    /// Alias of IOCTL_STORAGE_MEDIA_REMOVAL.
    CdromMediaRemoval = "IOCTL_CDROM_MEDIA_REMOVAL", CD_ROM, 0x201, Buffered, Read, Translated(&[0x1E]), false;
    /// Alias of IOCTL_STORAGE_EJECT_MEDIA.
    CdromEjectMedia = "IOCTL_CDROM_EJECT_MEDIA", CD_ROM, 0x202, Buffered, Read, Translated(&[0x1B]), false;
    /// Alias of IOCTL_STORAGE_LOAD_MEDIA (closes the tray).
    CdromLoadMedia = "IOCTL_CDROM_LOAD_MEDIA", CD_ROM, 0x203, Buffered, Read, Translated(&[0x1B]), false;
    /// Windows has no separate close-door code: closing the tray is LOAD_MEDIA.
    CdromCloseDoor = "IOCTL_CDROM_CLOSE_DOOR", CD_ROM, 0x203, Buffered, Read, Translated(&[0x1B]), false;
    /// Alias of IOCTL_STORAGE_RESERVE.
    CdromReserve = "IOCTL_CDROM_RESERVE", CD_ROM, 0x204, Buffered, Read, Translated(&[0x16, 0x56]), false;
    /// Alias of IOCTL_STORAGE_RELEASE.
    CdromRelease = "IOCTL_CDROM_RELEASE", CD_ROM, 0x205, Buffered, Read, Translated(&[0x17, 0x57]), false;
    /// Alias of IOCTL_STORAGE_FIND_NEW_DEVICES: passed down like it.
    CdromFindNewDevices = "IOCTL_CDROM_FIND_NEW_DEVICES", CD_ROM, 0x206, Buffered, Read, PassDown, false;
    /// No handler in the class driver; passed down.
    CdromUnloadDriver = "IOCTL_CDROM_UNLOAD_DRIVER", CD_ROM, 0x402, Buffered, Read, PassDown, false;
    /// Function 0x1003 overflows into the access bits: same value as PAUSE_AUDIO.
    CdromSimbad = "IOCTL_CDROM_SIMBAD", CD_ROM, 0x1003, Buffered, Read, Translated(&[0x4B]), false;

    /// TEST UNIT READY; returns the media-change count.
    StorageCheckVerify = "IOCTL_STORAGE_CHECK_VERIFY", MASS_STORAGE, 0x200, Buffered, Read, Translated(&[0x00]), false;
    /// TEST UNIT READY; never returns the count.
    StorageCheckVerify2 = "IOCTL_STORAGE_CHECK_VERIFY2", MASS_STORAGE, 0x200, Buffered, Any, Translated(&[0x00]), false;
    /// PREVENT ALLOW MEDIUM REMOVAL with per-handle counts.
    StorageMediaRemoval = "IOCTL_STORAGE_MEDIA_REMOVAL", MASS_STORAGE, 0x201, Buffered, Read, Translated(&[0x1E]), false;
    /// START STOP UNIT LoEj=1 Start=0.
    StorageEjectMedia = "IOCTL_STORAGE_EJECT_MEDIA", MASS_STORAGE, 0x202, Buffered, Read, Translated(&[0x1B]), false;
    /// START STOP UNIT LoEj=1 Start=1.
    StorageLoadMedia = "IOCTL_STORAGE_LOAD_MEDIA", MASS_STORAGE, 0x203, Buffered, Read, Translated(&[0x1B]), false;
    /// Same as LOAD_MEDIA, any access.
    StorageLoadMedia2 = "IOCTL_STORAGE_LOAD_MEDIA2", MASS_STORAGE, 0x203, Buffered, Any, Translated(&[0x1B]), false;
    /// RESERVE(6), falling back to RESERVE(10).
    StorageReserve = "IOCTL_STORAGE_RESERVE", MASS_STORAGE, 0x204, Buffered, Read, Translated(&[0x16, 0x56]), false;
    /// RELEASE(6), falling back to RELEASE(10).
    StorageRelease = "IOCTL_STORAGE_RELEASE", MASS_STORAGE, 0x205, Buffered, Read, Translated(&[0x17, 0x57]), false;
    /// Bus rescan belongs to the PnP stack below: passed down. Pitfall of the
    /// class driver (spec §6 item 1): it invalidates the bus relations and
    /// then answers STATUS_ACCESS_DENIED because its serialized switch has no
    /// case. The filter neither rescans (it does not own enumeration) nor
    /// answers for the driver that does.
    StorageFindNewDevices = "IOCTL_STORAGE_FIND_NEW_DEVICES", MASS_STORAGE, 0x206, Buffered, Read, PassDown, false;
    /// PREVENT ALLOW MEDIUM REMOVAL with per-handle secure counts.
    StorageEjectionControl = "IOCTL_STORAGE_EJECTION_CONTROL", MASS_STORAGE, 0x250, Buffered, Any, Translated(&[0x1E]), false;
    /// Per-handle media-change-notification disable count.
    StorageMcnControl = "IOCTL_STORAGE_MCN_CONTROL", MASS_STORAGE, 0x251, Buffered, Any, Local, false;
    /// No handler in the class driver; passed down.
    StorageGetMediaTypes = "IOCTL_STORAGE_GET_MEDIA_TYPES", MASS_STORAGE, 0x300, Buffered, Any, PassDown, false;
    /// Synthesised media types plus one TEST UNIT READY.
    StorageGetMediaTypesEx = "IOCTL_STORAGE_GET_MEDIA_TYPES_EX", MASS_STORAGE, 0x301, Buffered, Any, Translated(&[0x00]), true;
    /// Hot-plug information of the device below: passed down.
    StorageGetHotplugInfo = "IOCTL_STORAGE_GET_HOTPLUG_INFO", MASS_STORAGE, 0x305, Buffered, Any, PassDown, true;
    /// Hot-plug policy of the device below: passed down.
    StorageSetHotplugInfo = "IOCTL_STORAGE_SET_HOTPLUG_INFO", MASS_STORAGE, 0x306, Buffered, ReadWrite, PassDown, false;
    /// PERSISTENT RESERVE IN: passed down.
    StoragePersistentReserveIn = "IOCTL_STORAGE_PERSISTENT_RESERVE_IN", MASS_STORAGE, 0x406, Buffered, Read, PassDown, false;
    /// PERSISTENT RESERVE OUT: passed down.
    StoragePersistentReserveOut = "IOCTL_STORAGE_PERSISTENT_RESERVE_OUT", MASS_STORAGE, 0x407, Buffered, ReadWrite, PassDown, false;
    /// Device number of the device below: passed down.
    StorageGetDeviceNumber = "IOCTL_STORAGE_GET_DEVICE_NUMBER", MASS_STORAGE, 0x420, Buffered, Any, PassDown, true;
    /// READ CAPACITY into STORAGE_READ_CAPACITY.
    StorageReadCapacity = "IOCTL_STORAGE_READ_CAPACITY", MASS_STORAGE, 0x450, Buffered, Read, Translated(&[0x25]), false;
    /// Property queries: passed down (cached answers under a foreign lock).
    StorageQueryProperty = "IOCTL_STORAGE_QUERY_PROPERTY", MASS_STORAGE, 0x500, Buffered, Any, PassDown, true;
    /// SET READ AHEAD: passed down.
    StorageSetReadAhead = "IOCTL_STORAGE_SET_READ_AHEAD", MASS_STORAGE, 0x100, Buffered, Read, PassDown, false;
    /// Priority hints are not supported on CD-ROM.
    StorageCheckPriorityHintSupport = "IOCTL_STORAGE_CHECK_PRIORITY_HINT_SUPPORT", MASS_STORAGE, 0x620, Buffered, Any, Refused(NtStatus::NOT_SUPPORTED), false;
    /// Asynchronous notification from the port: passed down.
    StorageEventNotification = "IOCTL_STORAGE_EVENT_NOTIFICATION", MASS_STORAGE, 0x724, Buffered, Any, PassDown, false;

    /// Same as the CD-ROM geometry IOCTL.
    DiskGetDriveGeometry = "IOCTL_DISK_GET_DRIVE_GEOMETRY", DISK, 0x000, Buffered, Any, Translated(&[0x25]), false;
    /// Same as the CD-ROM geometry EX IOCTL.
    DiskGetDriveGeometryEx = "IOCTL_DISK_GET_DRIVE_GEOMETRY_EX", DISK, 0x028, Buffered, Any, Translated(&[0x25]), false;
    /// READ CAPACITY into GET_LENGTH_INFORMATION.
    DiskGetLengthInfo = "IOCTL_DISK_GET_LENGTH_INFO", DISK, 0x017, Buffered, Read, Translated(&[0x25]), false;
    /// Partition information: passed down (the class driver fakes one).
    DiskGetPartitionInfo = "IOCTL_DISK_GET_PARTITION_INFO", DISK, 0x001, Buffered, Read, PassDown, false;
    /// Partition information EX: passed down.
    DiskGetPartitionInfoEx = "IOCTL_DISK_GET_PARTITION_INFO_EX", DISK, 0x012, Buffered, Any, PassDown, false;
    /// Drive layout: passed down.
    DiskGetDriveLayout = "IOCTL_DISK_GET_DRIVE_LAYOUT", DISK, 0x003, Buffered, Read, PassDown, false;
    /// Drive layout EX: passed down.
    DiskGetDriveLayoutEx = "IOCTL_DISK_GET_DRIVE_LAYOUT_EX", DISK, 0x014, Buffered, Any, PassDown, false;
    /// VERIFY(10): passed down.
    DiskVerify = "IOCTL_DISK_VERIFY", DISK, 0x005, Buffered, Any, PassDown, false;
    /// Writability: passed down.
    DiskIsWritable = "IOCTL_DISK_IS_WRITABLE", DISK, 0x009, Buffered, Any, PassDown, false;
    /// Alias of IOCTL_STORAGE_CHECK_VERIFY.
    DiskCheckVerify = "IOCTL_DISK_CHECK_VERIFY", DISK, 0x200, Buffered, Read, Translated(&[0x00]), false;
    /// Passed down.
    DiskUpdateDriveSize = "IOCTL_DISK_UPDATE_DRIVE_SIZE", DISK, 0x032, Buffered, ReadWrite, PassDown, false;
    /// Normalised to IOCTL_STORAGE_GET_MEDIA_TYPES: passed down.
    DiskGetMediaTypes = "IOCTL_DISK_GET_MEDIA_TYPES", DISK, 0x300, Buffered, Any, PassDown, false;

    /// SCSI pass-through: passed down unchanged.
    ScsiPassThrough = "IOCTL_SCSI_PASS_THROUGH", CONTROLLER, 0x401, Buffered, ReadWrite, PassDown, false;
    /// SCSI pass-through direct: passed down unchanged.
    ScsiPassThroughDirect = "IOCTL_SCSI_PASS_THROUGH_DIRECT", CONTROLLER, 0x405, Buffered, ReadWrite, PassDown, false;
    /// SCSI pass-through EX: passed down unchanged.
    ScsiPassThroughEx = "IOCTL_SCSI_PASS_THROUGH_EX", CONTROLLER, 0x411, Buffered, ReadWrite, PassDown, false;
    /// SCSI pass-through direct EX: passed down unchanged.
    ScsiPassThroughDirectEx = "IOCTL_SCSI_PASS_THROUGH_DIRECT_EX", CONTROLLER, 0x412, Buffered, ReadWrite, PassDown, false;
    /// SCSI address: passed down.
    ScsiGetAddress = "IOCTL_SCSI_GET_ADDRESS", CONTROLLER, 0x406, Buffered, Any, PassDown, true;
    /// Adapter inquiry data: passed down.
    ScsiGetInquiryData = "IOCTL_SCSI_GET_INQUIRY_DATA", CONTROLLER, 0x403, Buffered, Any, PassDown, false;
    /// Adapter capabilities: passed down.
    ScsiGetCapabilities = "IOCTL_SCSI_GET_CAPABILITIES", CONTROLLER, 0x404, Buffered, Any, PassDown, false;

    /// Mount manager: passed down.
    MountdevQueryUniqueId = "IOCTL_MOUNTDEV_QUERY_UNIQUE_ID", MOUNTDEV, 0x000, Buffered, Any, PassDown, true;
    /// Mount manager: passed down.
    MountdevQueryDeviceName = "IOCTL_MOUNTDEV_QUERY_DEVICE_NAME", MOUNTDEV, 0x002, Buffered, Any, PassDown, true;
    /// Mount manager: passed down.
    MountdevQuerySuggestedLinkName = "IOCTL_MOUNTDEV_QUERY_SUGGESTED_LINK_NAME", MOUNTDEV, 0x003, Buffered, Any, PassDown, true;
}

/// The table row for a code: the first row with that value, so an alias
/// (`IOCTL_CDROM_SIMBAD`, `IOCTL_CDROM_CLOSE_DOOR`) resolves to the IOCTL it
/// collides with.
///
/// Called for every request, so it is O(1): one multiply, one shift, one
/// byte load from [`CODE_INDEX`] and one compare (a scan of the table cost
/// up to ~225 instructions for the codes near its end and for unknown
/// codes, which are the pass-down traffic). Inlined into the entry points.
#[inline]
pub fn lookup(code: u32) -> Option<&'static IoctlDef> {
    let row = CODE_INDEX.slots.get(slot(code, CODE_INDEX.multiplier))?;
    TABLE
        .get(usize::from(row.checked_sub(1)?))
        .filter(|d| d.code == code)
}

/// log2 of the number of hash slots.
const SLOT_BITS: u32 = 10;
/// Hash slots: a power of two, sparse enough (~13 times the distinct codes)
/// that a collision-free multiplier is quickly found.
const SLOTS: usize = 1 << SLOT_BITS;

/// A perfect hash of the table's codes, computed at compile time:
/// `slots[slot(code, multiplier)]` is 1 + the index of the first row with
/// that code, or 0 when no code hashes there.
struct CodeIndex {
    multiplier: u32,
    slots: [u8; SLOTS],
}

/// Multiplicative hashing: the top `SLOT_BITS` bits of `code × multiplier`.
/// Always below `SLOTS`.
const fn slot(code: u32, multiplier: u32) -> usize {
    (code.wrapping_mul(multiplier) >> (u32::BITS - SLOT_BITS)) as usize
}

/// The code → row index of [`lookup`].
static CODE_INDEX: CodeIndex = build_code_index();

// Row numbers are stored as 1 + index in a byte.
const _: () = assert!(TABLE.len() < u8::MAX as usize);

/// Tries odd multipliers (from the golden-ratio constant, in steps of √2's
/// fraction bits) until one sends every distinct code to its own slot. Evaluated by the compiler; a
/// table that defeats every candidate fails the build, not a request.
#[expect(
    clippy::indexing_slicing,
    clippy::panic,
    reason = "compile-time evaluation: an index out of range or the panic is a build error"
)]
const fn build_code_index() -> CodeIndex {
    let mut multiplier: u32 = 0x9E37_79B9;
    let mut tries = 0;
    while tries < 100_000 {
        let mut slots = [0u8; SLOTS];
        let mut ok = true;
        let mut row = 0;
        while row < TABLE.len() {
            let code = TABLE[row].code;
            let s = slot(code, multiplier);
            if slots[s] == 0 {
                slots[s] = row as u8 + 1;
            } else if TABLE[slots[s] as usize - 1].code != code {
                ok = false;
                break;
            }
            // The same code again (an alias): the first row keeps the slot.
            row += 1;
        }
        if ok {
            return CodeIndex { multiplier, slots };
        }
        multiplier = multiplier.wrapping_add(0x6A09_E668) | 1;
        tries += 1;
    }
    panic!("no collision-free multiplier for the IOCTL table: raise SLOT_BITS");
}

impl Ioctl {
    /// The table row of this IOCTL. The table lists the rows in the enum's
    /// order, so the discriminant is the row index.
    pub fn def(self) -> Option<&'static IoctlDef> {
        TABLE.get(self as usize).filter(|d| d.id == self)
    }

    /// Resolves a full Windows name (`IOCTL_CDROM_READ_TOC`), case-insensitively.
    pub fn from_name(name: &str) -> Option<Self> {
        TABLE
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
            .map(|d| d.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 26 names of the CD-ROM I/O control-code table.
    const CDROM_TABLE: [&str; 26] = [
        "IOCTL_CDROM_CHECK_VERIFY",
        "IOCTL_CDROM_CLOSE_DOOR",
        "IOCTL_CDROM_ENABLE_STREAMING",
        "IOCTL_CDROM_EXCLUSIVE_ACCESS",
        "IOCTL_CDROM_FIND_NEW_DEVICES",
        "IOCTL_CDROM_GET_CONFIGURATION",
        "IOCTL_CDROM_GET_CONTROL",
        "IOCTL_CDROM_GET_DRIVE_GEOMETRY",
        "IOCTL_CDROM_GET_DRIVE_GEOMETRY_EX",
        "IOCTL_CDROM_GET_INQUIRY_DATA",
        "IOCTL_CDROM_GET_LAST_SESSION",
        "IOCTL_CDROM_GET_PERFORMANCE",
        "IOCTL_CDROM_GET_VOLUME",
        "IOCTL_CDROM_LOAD_MEDIA",
        "IOCTL_CDROM_PAUSE_AUDIO",
        "IOCTL_CDROM_PLAY_AUDIO_MSF",
        "IOCTL_CDROM_RAW_READ",
        "IOCTL_CDROM_READ_Q_CHANNEL",
        "IOCTL_CDROM_READ_TOC",
        "IOCTL_CDROM_READ_TOC_EX",
        "IOCTL_CDROM_RESUME_AUDIO",
        "IOCTL_CDROM_SEEK_AUDIO_MSF",
        "IOCTL_CDROM_SEND_OPC_INFORMATION",
        "IOCTL_CDROM_SET_SPEED",
        "IOCTL_CDROM_SET_VOLUME",
        "IOCTL_CDROM_STOP_AUDIO",
    ];

    #[test]
    fn every_cdrom_table_name_is_present() {
        for name in CDROM_TABLE {
            assert!(Ioctl::from_name(name).is_some(), "{name} missing");
        }
    }

    /// Values from spec/ioctls.md §1.2, which were checked against mingw-w64
    /// and the SDK.
    #[test]
    fn codes_match_the_spec() {
        let expect: &[(&str, u32)] = &[
            ("IOCTL_CDROM_READ_TOC", 0x24000),
            ("IOCTL_CDROM_SEEK_AUDIO_MSF", 0x24004),
            ("IOCTL_CDROM_STOP_AUDIO", 0x24008),
            ("IOCTL_CDROM_PAUSE_AUDIO", 0x2400C),
            ("IOCTL_CDROM_RESUME_AUDIO", 0x24010),
            ("IOCTL_CDROM_GET_VOLUME", 0x24014),
            ("IOCTL_CDROM_PLAY_AUDIO_MSF", 0x24018),
            ("IOCTL_CDROM_SET_VOLUME", 0x24028),
            ("IOCTL_CDROM_READ_Q_CHANNEL", 0x2402C),
            ("IOCTL_CDROM_GET_CONTROL", 0x24034),
            ("IOCTL_CDROM_GET_LAST_SESSION", 0x24038),
            ("IOCTL_CDROM_RAW_READ", 0x2403E),
            ("IOCTL_CDROM_DISK_TYPE", 0x20040),
            ("IOCTL_CDROM_GET_DRIVE_GEOMETRY", 0x2404C),
            ("IOCTL_CDROM_GET_DRIVE_GEOMETRY_EX", 0x24050),
            ("IOCTL_CDROM_READ_TOC_EX", 0x24054),
            ("IOCTL_CDROM_GET_CONFIGURATION", 0x24058),
            ("IOCTL_CDROM_EXCLUSIVE_ACCESS", 0x2C05C),
            ("IOCTL_CDROM_SET_SPEED", 0x24060),
            ("IOCTL_CDROM_GET_INQUIRY_DATA", 0x24064),
            ("IOCTL_CDROM_ENABLE_STREAMING", 0x24068),
            ("IOCTL_CDROM_SEND_OPC_INFORMATION", 0x2C06C),
            ("IOCTL_CDROM_GET_PERFORMANCE", 0x24070),
            ("IOCTL_CDROM_CHECK_VERIFY", 0x24800),
            ("IOCTL_CDROM_MEDIA_REMOVAL", 0x24804),
            ("IOCTL_CDROM_EJECT_MEDIA", 0x24808),
            ("IOCTL_CDROM_LOAD_MEDIA", 0x2480C),
            ("IOCTL_CDROM_CLOSE_DOOR", 0x2480C),
            ("IOCTL_CDROM_RESERVE", 0x24810),
            ("IOCTL_CDROM_RELEASE", 0x24814),
            ("IOCTL_CDROM_FIND_NEW_DEVICES", 0x24818),
            ("IOCTL_CDROM_UNLOAD_DRIVER", 0x25008),
            ("IOCTL_CDROM_SIMBAD", 0x2400C),
            ("IOCTL_STORAGE_CHECK_VERIFY", 0x2D4800),
            ("IOCTL_STORAGE_CHECK_VERIFY2", 0x2D0800),
            ("IOCTL_STORAGE_MEDIA_REMOVAL", 0x2D4804),
            ("IOCTL_STORAGE_EJECT_MEDIA", 0x2D4808),
            ("IOCTL_STORAGE_LOAD_MEDIA", 0x2D480C),
            ("IOCTL_STORAGE_LOAD_MEDIA2", 0x2D080C),
            ("IOCTL_STORAGE_RESERVE", 0x2D4810),
            ("IOCTL_STORAGE_RELEASE", 0x2D4814),
            ("IOCTL_STORAGE_FIND_NEW_DEVICES", 0x2D4818),
            ("IOCTL_STORAGE_EJECTION_CONTROL", 0x2D0940),
            ("IOCTL_STORAGE_MCN_CONTROL", 0x2D0944),
            ("IOCTL_STORAGE_GET_MEDIA_TYPES", 0x2D0C00),
            ("IOCTL_STORAGE_GET_MEDIA_TYPES_EX", 0x2D0C04),
            ("IOCTL_STORAGE_GET_HOTPLUG_INFO", 0x2D0C14),
            ("IOCTL_STORAGE_SET_HOTPLUG_INFO", 0x2DCC18),
            ("IOCTL_STORAGE_PERSISTENT_RESERVE_IN", 0x2D5018),
            ("IOCTL_STORAGE_PERSISTENT_RESERVE_OUT", 0x2DD01C),
            ("IOCTL_STORAGE_GET_DEVICE_NUMBER", 0x2D1080),
            ("IOCTL_STORAGE_READ_CAPACITY", 0x2D5140),
            ("IOCTL_STORAGE_QUERY_PROPERTY", 0x2D1400),
            ("IOCTL_STORAGE_SET_READ_AHEAD", 0x2D4400),
            ("IOCTL_STORAGE_CHECK_PRIORITY_HINT_SUPPORT", 0x2D1880),
            ("IOCTL_STORAGE_EVENT_NOTIFICATION", 0x2D1C90),
            ("IOCTL_DISK_GET_DRIVE_GEOMETRY", 0x70000),
            ("IOCTL_DISK_GET_DRIVE_GEOMETRY_EX", 0x700A0),
            ("IOCTL_DISK_GET_LENGTH_INFO", 0x7405C),
            ("IOCTL_DISK_GET_PARTITION_INFO", 0x74004),
            ("IOCTL_DISK_GET_PARTITION_INFO_EX", 0x70048),
            ("IOCTL_DISK_GET_DRIVE_LAYOUT", 0x7400C),
            ("IOCTL_DISK_GET_DRIVE_LAYOUT_EX", 0x70050),
            ("IOCTL_DISK_VERIFY", 0x70014),
            ("IOCTL_DISK_IS_WRITABLE", 0x70024),
            ("IOCTL_DISK_CHECK_VERIFY", 0x74800),
            ("IOCTL_DISK_UPDATE_DRIVE_SIZE", 0x7C0C8),
            ("IOCTL_DISK_GET_MEDIA_TYPES", 0x70C00),
            ("IOCTL_SCSI_PASS_THROUGH", 0x4D004),
            ("IOCTL_SCSI_PASS_THROUGH_DIRECT", 0x4D014),
            ("IOCTL_SCSI_PASS_THROUGH_EX", 0x4D044),
            ("IOCTL_SCSI_PASS_THROUGH_DIRECT_EX", 0x4D048),
            ("IOCTL_SCSI_GET_ADDRESS", 0x41018),
            ("IOCTL_SCSI_GET_INQUIRY_DATA", 0x4100C),
            ("IOCTL_MOUNTDEV_QUERY_UNIQUE_ID", 0x4D0000),
            ("IOCTL_MOUNTDEV_QUERY_DEVICE_NAME", 0x4D0008),
            ("IOCTL_MOUNTDEV_QUERY_SUGGESTED_LINK_NAME", 0x4D000C),
        ];
        for &(name, code) in expect {
            let id = Ioctl::from_name(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(id.code(), code, "{name}");
            assert_eq!(id.def().map(|d| d.code), Some(code), "{name}");
        }
    }

    #[test]
    fn aliases_resolve_to_the_first_row() {
        assert_eq!(
            lookup(Ioctl::CdromSimbad.code()).map(|d| d.id),
            Some(Ioctl::CdromPauseAudio)
        );
        assert_eq!(
            lookup(Ioctl::CdromCloseDoor.code()).map(|d| d.id),
            Some(Ioctl::CdromLoadMedia)
        );
    }

    /// The definition [`lookup`] keeps: the first row with the code.
    fn scan(code: u32) -> Option<&'static IoctlDef> {
        TABLE.iter().find(|d| d.code == code)
    }

    #[test]
    fn lookup_agrees_with_the_table_for_every_code_and_alias() {
        for d in TABLE {
            let first = scan(d.code).expect("the row itself");
            let found = lookup(d.code).map(|r| (r.id, r.name));
            assert_eq!(found, Some((first.id, first.name)), "{}", d.name);
        }
    }

    #[test]
    fn lookup_agrees_with_a_scan_for_every_code_of_the_device_types() {
        // Every function, method and access of the table's device types,
        // the DVD type (guarded by the lock, no rows) and type 0.
        for device in [
            0x0000,
            CD_ROM,
            CONTROLLER,
            DISK,
            MASS_STORAGE,
            MOUNTDEV,
            0x0033,
        ] {
            for low in 0..=0xFFFF_u32 {
                let code = (u32::from(device) << 16) | low;
                assert_eq!(
                    lookup(code).map(|d| d.id),
                    scan(code).map(|d| d.id),
                    "{code:#x}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn lookup_agrees_with_a_scan(code: u32) {
            proptest::prop_assert_eq!(lookup(code).map(|d| d.id), scan(code).map(|d| d.id));
        }
    }

    #[test]
    fn def_is_the_row_of_the_ioctl() {
        for (i, d) in TABLE.iter().enumerate() {
            assert_eq!(d.id as usize, i, "{}", d.name);
            assert_eq!(d.id.def().map(|r| r.name), Some(d.name));
        }
    }

    #[test]
    fn names_are_unique() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert_ne!(a.name, b.name);
                assert!(a.id != b.id);
            }
        }
    }
}
