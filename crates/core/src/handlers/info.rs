//! Configuration, inquiry, geometry and capacity IOCTLs.
//!
//! - IOCTL_CDROM_GET_CONFIGURATION: GET CONFIGURATION (0x46) straight into
//!   the caller's buffer (the answer is the Windows structure).
//! - IOCTL_CDROM_GET_INQUIRY_DATA: the INQUIRY data cached at start
//!   ([`cache_inquiry`]); no device I/O, no serialisation.
//! - The geometry family (CDROM/DISK GET_DRIVE_GEOMETRY(_EX),
//!   DISK_GET_LENGTH_INFO, STORAGE_READ_CAPACITY): one READ CAPACITY(10) per
//!   call, interpreted by [`Capacity::from_read_capacity`] and kept in the
//!   unit state.

use zerocopy::{FromBytes, Immutable, IntoBytes};

use crate::abi::config::{parse_input, CallerWidth, GetConfigurationHeader};
use crate::abi::disk::{
    DiskGeometry, DiskGeometryEx, GetLengthInformation, MediaType, StorageReadCapacity,
    DISK_GEOMETRY_EX_FILLED,
};
use crate::device::{Capacity, CmdError, Ctx, Device, Platform, SendOpts, INQUIRY_MAX};
use crate::dispatch::{Completion, IoctlRequest};
use crate::port::{DataPhase, Port};
use crate::scsi::config::{
    get_configuration as get_configuration_cdb, inquiry, read_capacity as read_capacity_cdb,
    ReadCapacityData, INQUIRY_HEADER_LEN, MINIMUM_CDROM_INQUIRY_SIZE,
};
use crate::status::NtStatus;

/// Largest output GET_CONFIGURATION accepts.
const CONFIGURATION_MAX_OUTPUT: usize = 0xFFFF;
/// Largest allocation length the class driver puts in GET CONFIGURATION
/// (an even number: the answer is made of 4-byte units).
const CONFIGURATION_MAX_ALLOCATION: usize = 0xFFFE;

/// `TracksPerCylinder` the class driver reports for every disc.
const TRACKS_PER_CYLINDER: u32 = 64;
/// `SectorsPerTrack` the class driver reports for every disc.
const SECTORS_PER_TRACK: u32 = 32;

/// IOCTL_CDROM_GET_CONFIGURATION.
///
/// The input is read with the x64 layout of `GET_CONFIGURATION_IOCTL_INPUT`
/// (24 bytes): the glue hands the input over as it came and the core cannot
/// tell a WOW64 caller, whose 16-byte input therefore fails with
/// STATUS_INFO_LENGTH_MISMATCH (see [`crate::abi::config`]).
///
/// The sample sent this CDB with CdbLength 12; GET CONFIGURATION is a
/// 10-byte command (MMC-6 §6.6), and that is what is sent here.
pub fn get_configuration<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let out_len = req.output.len();
    let header = size_of::<GetConfigurationHeader>();
    if out_len < header {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, header);
    }
    if out_len > CONFIGURATION_MAX_OUTPUT {
        return Completion::error(NtStatus::INVALID_BUFFER_SIZE);
    }
    let (input, output) = (req.input, req.output);
    // The alignment check needs the port's mask and precedes the input
    // checks, so they all run serialised, in the class driver's order.
    dev.run(req.file, true, |ctx| {
        if out_len & ctx.port.alignment_mask() as usize != 0 {
            return Completion::error(NtStatus::INVALID_PARAMETER);
        }
        let Some(input) = parse_input(input, CallerWidth::Bits64) else {
            return Completion::error(NtStatus::INFO_LENGTH_MISMATCH);
        };
        let Some(feature) = input.feature.code() else {
            return Completion::error(NtStatus::INVALID_PARAMETER);
        };
        if !input.request_type.is_defined() || !input.reserved_null {
            return Completion::error(NtStatus::INVALID_PARAMETER);
        }
        if !ctx.state.caps.mmc {
            return Completion::error(NtStatus::INVALID_DEVICE_REQUEST);
        }
        // The CDB announces exactly the buffer handed down (the sample's
        // unclipped allocation length could exceed its scratch buffer).
        let len = out_len
            .min(CONFIGURATION_MAX_ALLOCATION)
            .min(ctx.port.max_transfer_bytes() as usize);
        let Some(buf) = output.get_mut(..len) else {
            return Completion::error(NtStatus::INVALID_PARAMETER);
        };
        let cdb = get_configuration_cdb(
            input.request_type,
            feature,
            u16::try_from(len).unwrap_or(u16::MAX),
        );
        let opts = SendOpts {
            overrun_ok: true,
            ..SendOpts::default()
        };
        match ctx.send(cdb, DataPhase::In(buf), opts) {
            Ok(n) => Completion::ok(n),
            Err(e) => e.into(),
        }
    })
    .unwrap_or_else(Completion::error)
}

/// IOCTL_CDROM_GET_INQUIRY_DATA: the INQUIRY data cached at start.
///
/// Runs in the caller's context without serialisation (the cache only
/// changes at start, through `&mut Device`). This is the only copy of the
/// cached bytes into the caller's buffer: `min(out, cached)` bytes, with
/// STATUS_BUFFER_OVERFLOW (data delivered) when the buffer is shorter than
/// the cache.
pub fn get_inquiry_data<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    if req.output.is_empty() {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 0);
    }
    let cached = dev.shared.inquiry();
    let n = req.output.len().min(cached.len());
    if let (Some(dst), Some(src)) = (req.output.get_mut(..n), cached.get(..n)) {
        dst.copy_from_slice(src);
    }
    if n < cached.len() {
        Completion::with_info(NtStatus::BUFFER_OVERFLOW, n)
    } else {
        Completion::ok(n)
    }
}

/// IOCTL_CDROM_GET_DRIVE_GEOMETRY and IOCTL_DISK_GET_DRIVE_GEOMETRY:
/// `DISK_GEOMETRY`, Information 24.
pub fn get_drive_geometry<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    answer_from_capacity(dev, req, size_of::<DiskGeometry>(), geometry)
}

/// IOCTL_CDROM_GET_DRIVE_GEOMETRY_EX and IOCTL_DISK_GET_DRIVE_GEOMETRY_EX:
/// `DISK_GEOMETRY_EX` up to `Data` (no partition or detection information),
/// Information 32.
pub fn get_drive_geometry_ex<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    answer_from_capacity(dev, req, DISK_GEOMETRY_EX_FILLED, |cap| DiskGeometryEx {
        geometry: geometry(cap),
        disk_size: large(cap.partition_len),
        data: [0],
        padding: [0; 7],
    })
}

/// IOCTL_DISK_GET_LENGTH_INFO: `GET_LENGTH_INFORMATION`, Information 8.
pub fn get_length_info<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    answer_from_capacity(dev, req, size_of::<GetLengthInformation>(), |cap| {
        GetLengthInformation {
            length: large(cap.partition_len),
        }
    })
}

/// IOCTL_STORAGE_READ_CAPACITY: `STORAGE_READ_CAPACITY`, Information 32.
pub fn read_capacity<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let size = size_of::<StorageReadCapacity>();
    answer_from_capacity(dev, req, size, |cap| StorageReadCapacity {
        version: size as u32,
        size: size as u32,
        block_length: cap.block_len,
        padding: 0,
        number_of_blocks: large(
            cap.partition_len
                .checked_div(u64::from(cap.block_len))
                .unwrap_or(0),
        ),
        disk_length: large(cap.partition_len),
    })
}

/// The geometry family's shape: an output of at least `filled` bytes
/// (else STATUS_BUFFER_TOO_SMALL with Information `filled`), one READ
/// CAPACITY, then the first `filled` bytes of the structure `build` makes.
fn answer_from_capacity<P, T>(
    dev: &Device<P>,
    req: IoctlRequest<'_>,
    filled: usize,
    build: impl FnOnce(&Capacity) -> T,
) -> Completion
where
    P: Platform,
    T: IntoBytes + Immutable,
{
    if req.output.len() < filled {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, filled);
    }
    let output = req.output;
    dev.run(req.file, true, |ctx| match update_capacity(ctx) {
        Ok(cap) => {
            let value = build(&cap);
            let bytes = value.as_bytes().get(..filled).unwrap_or(&[]);
            Completion::ok(ctx.copy_out(output, bytes))
        }
        Err(status) => Completion::error(status),
    })
    .unwrap_or_else(Completion::error)
}

/// `DISK_GEOMETRY` of a capacity: RemovableMedia, 64 tracks per cylinder,
/// 32 sectors per track, cylinders = (last LBA + 1) / (64 · 32).
fn geometry(cap: &Capacity) -> DiskGeometry {
    let blocks = u64::from(cap.last_lba) + 1;
    DiskGeometry {
        cylinders: large(blocks / u64::from(TRACKS_PER_CYLINDER * SECTORS_PER_TRACK)),
        media_type: MediaType::REMOVABLE_MEDIA,
        tracks_per_cylinder: TRACKS_PER_CYLINDER,
        sectors_per_track: SECTORS_PER_TRACK,
        bytes_per_sector: cap.block_len,
    }
}

/// A byte or block count as a `LARGE_INTEGER` (saturating: a 2^32-block
/// disc of 2^31-byte blocks would not fit).
fn large(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Sends READ CAPACITY(10) (20 s, at most 2 retries: the opcode's policy),
/// interprets it with the class driver's rounding rule and stores it in
/// `ctx.state.capacity`.
///
/// A port that reports success with fewer than the 8 data bytes gets
/// STATUS_DEVICE_PROTOCOL_ERROR rather than a geometry made up from zeros.
pub fn update_capacity<P: Port>(ctx: &mut Ctx<'_, P>) -> Result<Capacity, NtStatus> {
    let mut data = [0u8; size_of::<ReadCapacityData>()];
    let n = ctx
        .send(
            read_capacity_cdb(),
            DataPhase::In(&mut data),
            SendOpts::default(),
        )
        .map_err(|e| e.status)?;
    if n < data.len() {
        return Err(NtStatus::DEVICE_PROTOCOL_ERROR);
    }
    let d =
        ReadCapacityData::read_from_bytes(&data).map_err(|_| NtStatus::DEVICE_PROTOCOL_ERROR)?;
    let cap = Capacity::from_read_capacity(d.logical_block_address.get(), d.bytes_per_block.get());
    ctx.state.capacity = Some(cap);
    Ok(cap)
}

/// Sends INQUIRY and caches the answer for GET_INQUIRY_DATA (device start).
///
/// INQUIRY goes out with the 36-byte minimum first. Unless the drive
/// returned exactly 36 bytes announcing exactly 36, it is sent again for
/// AdditionalLength + 5 bytes (at most 260); an AdditionalLength of 0 is
/// taken as 31 (an ATAPI port-driver bug), and then an all-zero answer is
/// refused. If that second INQUIRY under-runs with at least 36 bytes, it is
/// sent once more for exactly what came back. Fewer than 36 bytes is
/// STATUS_DEVICE_PROTOCOL_ERROR. The allocation length is the 16-bit field
/// of bytes 3-4, so 260 is `01 04`.
///
/// # Errors
/// A failed INQUIRY fails the start with the command's status.
pub fn cache_inquiry<P: Platform>(dev: &mut Device<P>) -> Result<(), NtStatus> {
    let (data, len) = dev.run(None, false, fetch_inquiry)??;
    dev.shared.set_inquiry(data.get(..len).unwrap_or(&[]));
    Ok(())
}

fn fetch_inquiry<P: Port>(ctx: &mut Ctx<'_, P>) -> Result<([u8; INQUIRY_MAX], usize), NtStatus> {
    let min = MINIMUM_CDROM_INQUIRY_SIZE;
    let mut data = [0u8; INQUIRY_MAX];
    let n = send_inquiry(ctx, &mut data, min).map_err(|e| e.status)?;
    let additional = data.get(4).copied().unwrap_or(0);
    if n == usize::from(min) && u16::from(additional) + INQUIRY_HEADER_LEN == min {
        return Ok((data, n));
    }
    // An ATAPI port-driver bug reports AdditionalLength 0: assume the minimum.
    let patched = additional == 0;
    let additional = if patched {
        min - INQUIRY_HEADER_LEN
    } else {
        u16::from(additional)
    };
    let wanted = additional + INQUIRY_HEADER_LEN;
    if wanted < min {
        return Err(NtStatus::DEVICE_PROTOCOL_ERROR);
    }
    data = [0; INQUIRY_MAX];
    let n = match send_inquiry(ctx, &mut data, wanted) {
        Ok(n) => n,
        // The drive announced more than it has: ask for what it sent.
        Err(CmdError {
            status: NtStatus::DATA_OVERRUN,
            transferred,
        }) if transferred < usize::from(wanted) && transferred >= usize::from(min) => {
            data = [0; INQUIRY_MAX];
            let exact = u16::try_from(transferred).unwrap_or(wanted);
            send_inquiry(ctx, &mut data, exact).map_err(|e| e.status)?
        }
        Err(e) => return Err(e.status),
    };
    if n < usize::from(min) {
        return Err(NtStatus::DEVICE_PROTOCOL_ERROR);
    }
    let first = data.get(..usize::from(min)).unwrap_or(&[]);
    if patched && first.iter().all(|&b| b == 0) {
        return Err(NtStatus::DEVICE_PROTOCOL_ERROR);
    }
    Ok((data, n))
}

fn send_inquiry<P: Port>(
    ctx: &mut Ctx<'_, P>,
    data: &mut [u8; INQUIRY_MAX],
    allocation: u16,
) -> Result<usize, CmdError> {
    let buf = data.get_mut(..usize::from(allocation)).unwrap_or(&mut []);
    ctx.send(inquiry(allocation), DataPhase::In(buf), SendOpts::default())
}
