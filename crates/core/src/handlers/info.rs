//! Configuration, inquiry, geometry and capacity IOCTLs.
//!
//! - IOCTL_CDROM_GET_CONFIGURATION: GET CONFIGURATION (0x46) straight into
//!   the caller's buffer (the answer is the Windows structure); RT = ONE
//!   through [`configuration_one`], which works around drives that refuse
//!   it.
//! - IOCTL_CDROM_GET_INQUIRY_DATA: the INQUIRY data cached at start
//!   ([`cache_inquiry`]); no device I/O, no serialisation.
//! - The geometry family (CDROM/DISK GET_DRIVE_GEOMETRY(_EX),
//!   DISK_GET_LENGTH_INFO, STORAGE_READ_CAPACITY): one READ CAPACITY(10) per
//!   call, interpreted by [`Capacity::from_read_capacity`] and kept in the
//!   unit state.

use zerocopy::{FromBytes, Immutable, IntoBytes};

use crate::abi::config::{parse_input, GetConfigurationHeader, RequestType};
use crate::abi::disk::{
    DiskGeometry, DiskGeometryEx, GetLengthInformation, MediaType, StorageReadCapacity,
    DISK_GEOMETRY_EX_FILLED,
};
use crate::device::{Capacity, CmdError, Ctx, Device, Platform, SendOpts, INQUIRY_MAX};
use crate::dispatch::{Completion, IoctlRequest};
use crate::port::{DataPhase, Port, PortResult, SrbStatus};
use crate::scsi::config::{
    get_configuration as get_configuration_cdb, inquiry, read_capacity as read_capacity_cdb,
    ReadCapacityData, INQUIRY_HEADER_LEN, MINIMUM_CDROM_INQUIRY_SIZE,
};
use crate::sense::{key, Sense};
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
/// The input is read with the layout of the caller's width: 24 bytes from a
/// 64-bit process, 16 (`GET_CONFIGURATION_IOCTL_INPUT32`) from a 32-bit one
/// (see [`crate::abi::config`]).
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
    let (input, output, caller) = (req.input, req.output, req.caller);
    // The alignment check needs the port's mask and precedes the input
    // checks, so they all run serialised, in the class driver's order.
    dev.run(req.file, true, |ctx| {
        if out_len & ctx.port.alignment_mask() as usize != 0 {
            return Completion::error(NtStatus::INVALID_PARAMETER);
        }
        let Some(input) = parse_input(input, caller) else {
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
        let opts = SendOpts {
            overrun_ok: true,
            ..SendOpts::default()
        };
        let sent = if input.request_type == RequestType::ONE {
            configuration_one(ctx, feature, buf, opts)
        } else {
            let cdb = get_configuration_cdb(
                input.request_type,
                feature,
                u16::try_from(len).unwrap_or(u16::MAX),
            );
            ctx.send(cdb, DataPhase::In(buf), opts)
        };
        match sent {
            Ok(n) => Completion::ok(n),
            Err(e) => e.into(),
        }
    })
    .unwrap_or_else(Completion::error)
}

/// Bytes an emulated RT = ONE request asks for at least: the header and one
/// feature header (`sizeof(GET_CONFIGURATION_HEADER) + sizeof(FEATURE_HEADER)`).
const TYPE_ONE_MIN_ALLOCATION: usize = 12;

/// GET CONFIGURATION, RT = ONE, for `feature`, into `buf` (at least the
/// 8-byte header); returns the bytes of the answer.
///
/// Some drives refuse RT = ONE (the class driver's
/// CDROM_HACK_BAD_TYPE_ONE_GET_CONFIG). When RT = ONE fails with ILLEGAL
/// REQUEST or a command timeout, the unit remembers it
/// (`bad_type_one_config`) and from then on asks RT = ALL from the same
/// starting feature, for at least 12 bytes, and makes the RT = ONE answer
/// out of it (spec ioctls.md §2.4): the header, then the first descriptor
/// if it is the requested feature, nothing else; DataLength is rewritten
/// for that (total − 4). The count returned is the total, limited to what
/// arrived and to `buf`. Fewer than 8 bytes back is
/// STATUS_INVALID_DEVICE_REQUEST.
///
/// The class driver learns the flag at start-up with a probe request (and
/// persists it in the registry); here the first refusal sets it and the
/// same request is answered through RT = ALL at once, so the caller never
/// sees the refusal.
pub(crate) fn configuration_one<P: Port>(
    ctx: &mut Ctx<'_, P>,
    feature: u16,
    buf: &mut [u8],
    opts: SendOpts,
) -> Result<usize, CmdError> {
    let alloc = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    if !ctx.state.bad_type_one_config {
        let cdb = get_configuration_cdb(RequestType::ONE, feature, alloc(buf.len()));
        match ctx.send(cdb, DataPhase::In(buf), opts) {
            Ok(n) => return Ok(n),
            Err(e) if !refuses_type_one(ctx.last_failure()) => return Err(e),
            Err(_) => ctx.state.bad_type_one_config = true,
        }
    }
    let mut scratch = [0u8; TYPE_ONE_MIN_ALLOCATION];
    let small = buf.len() < TYPE_ONE_MIN_ALLOCATION;
    let answer: &mut [u8] = if small { &mut scratch } else { &mut *buf };
    let cdb = get_configuration_cdb(RequestType::ALL, feature, alloc(answer.len()));
    let n = ctx.send(cdb, DataPhase::In(answer), opts)?;
    let header = size_of::<GetConfigurationHeader>();
    let Some(received) = answer.get_mut(..n).filter(|a| a.len() >= header) else {
        return Err(CmdError {
            status: NtStatus::INVALID_DEVICE_REQUEST,
            transferred: 0,
        });
    };
    let descriptor = match received.get(header..header + 4) {
        Some(&[hi, lo, _, additional]) if u16::from_be_bytes([hi, lo]) == feature => {
            4 + usize::from(additional)
        }
        _ => 0,
    };
    let total = header + descriptor;
    if let Some(length) = received.get_mut(..4) {
        length.copy_from_slice(&((total - 4) as u32).to_be_bytes());
    }
    let count = total.min(n).min(buf.len());
    if small {
        if let (Some(dst), Some(src)) = (buf.get_mut(..count), scratch.get(..count)) {
            dst.copy_from_slice(src);
        }
    }
    Ok(count)
}

/// The answer to an RT = ONE GET CONFIGURATION that shows the drive does
/// not take RT = ONE: ILLEGAL REQUEST, or no answer in time.
fn refuses_type_one(failure: Option<&PortResult>) -> bool {
    failure.is_some_and(|r| {
        r.srb_status == SrbStatus::COMMAND_TIMEOUT
            || Sense::parse(r.sense_bytes()).is_some_and(|s| s.key == key::ILLEGAL_REQUEST)
    })
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
/// `ctx.state.capacity`. The raw-read path fetches its capacity here too
/// ([`crate::handlers::rawread::ensure_capacity`]).
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

#[cfg(test)]
mod tests {
    use core::sync::atomic::Ordering;

    use super::cache_inquiry;
    use crate::device::Capacity;
    use crate::dispatch::{Completion, IoctlRequest, Outcome};
    use crate::ioctl::Ioctl;
    use crate::status::NtStatus;
    use crate::testing::{
        assert_script_done, device, file, ioctl, masked_device, masked_done, Step, TestDevice,
    };

    const GET_CONFIGURATION: u32 = Ioctl::CdromGetConfiguration.code();
    const GET_INQUIRY_DATA: u32 = Ioctl::CdromGetInquiryData.code();
    const CDROM_GEOMETRY: u32 = Ioctl::CdromGetDriveGeometry.code();
    const DISK_GEOMETRY: u32 = Ioctl::DiskGetDriveGeometry.code();
    const CDROM_GEOMETRY_EX: u32 = Ioctl::CdromGetDriveGeometryEx.code();
    const DISK_GEOMETRY_EX: u32 = Ioctl::DiskGetDriveGeometryEx.code();
    const LENGTH_INFO: u32 = Ioctl::DiskGetLengthInfo.code();
    const STORAGE_READ_CAPACITY: u32 = Ioctl::StorageReadCapacity.code();

    const READ_CAPACITY: [u8; 10] = [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    /// Last LBA 0x44E2F (282160 blocks) of 2048 bytes.
    const CAPACITY_2048: [u8; 8] = [0x00, 0x04, 0x4E, 0x2F, 0x00, 0x00, 0x08, 0x00];
    /// The same disc reporting raw 2352-byte blocks.
    const CAPACITY_2352: [u8; 8] = [0x00, 0x04, 0x4E, 0x2F, 0x00, 0x00, 0x09, 0x30];
    /// Last LBA 99, block length 0.
    const CAPACITY_ZERO_BLOCK: [u8; 8] = [0, 0, 0, 99, 0, 0, 0, 0];

    /// `DISK_GEOMETRY` of [`CAPACITY_2048`]: 137 cylinders, RemovableMedia,
    /// 64 tracks, 32 sectors, 2048 bytes.
    const GEOMETRY_2048: [u8; 24] = [
        137, 0, 0, 0, 0, 0, 0, 0, //
        11, 0, 0, 0, //
        64, 0, 0, 0, //
        32, 0, 0, 0, //
        0x00, 0x08, 0, 0,
    ];
    /// 282160 · 2048 = 577863680 = 0x2271_8000, little-endian.
    const DISK_SIZE_2048: [u8; 8] = [0x00, 0x80, 0x71, 0x22, 0, 0, 0, 0];

    /// GET CONFIGURATION type ONE for feature 0x0107, allocation 0xFFFE.
    const CDB_CONFIG_ONE_107: [u8; 10] = [0x46, 0x02, 0x01, 0x07, 0, 0, 0, 0xFF, 0xFE, 0];
    /// Header (DataLength 0x0C, profile CD-ROM) and feature 0x0107, current,
    /// version 1, 4 bytes of data.
    const CONFIG_107: [u8; 16] = [
        0, 0, 0, 0x0C, 0, 0, 0x00, 0x08, //
        0x01, 0x07, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00,
    ];

    /// `GET_CONFIGURATION_IOCTL_INPUT` (x64) with NULL reserved pointers.
    fn config_input(feature: u32, request_type: u32) -> [u8; 24] {
        let mut b = [0u8; 24];
        b[..4].copy_from_slice(&feature.to_le_bytes());
        b[4..8].copy_from_slice(&request_type.to_le_bytes());
        b
    }

    fn mmc_device(steps: impl IntoIterator<Item = Step>) -> TestDevice {
        let dev = device(steps);
        dev.platform.unit.borrow_mut().state.caps.mmc = true;
        dev
    }

    /// Standard INQUIRY data of `len` bytes announcing `additional_length`.
    fn inquiry_data(additional_length: u8, len: usize) -> Vec<u8> {
        let mut d: Vec<u8> = (0..len).map(|i| i as u8).collect();
        d[..5].copy_from_slice(&[0x05, 0x80, 0x00, 0x32, additional_length]);
        d[8..16].copy_from_slice(b"CDFILTER");
        d
    }

    #[track_caller]
    fn assert_untouched(out: &[u8]) {
        assert!(out.iter().all(|&b| b == 0xA5), "output written: {out:02x?}");
    }

    // ---- IOCTL_CDROM_GET_CONFIGURATION: validation ----

    #[test]
    fn config_output_below_8_is_buffer_too_small_with_info_8() {
        let dev = mmc_device([]);
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            GET_CONFIGURATION,
            &config_input(0, 0),
            7,
        );
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 8))
        );
        assert_untouched(&out);
    }

    #[test]
    fn config_output_above_0xffff_is_invalid_buffer_size() {
        let dev = mmc_device([]);
        let input = config_input(0, 0);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0x1_0000);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_BUFFER_SIZE.into()));
    }

    #[test]
    fn config_output_check_precedes_the_input_check() {
        let dev = mmc_device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &[], 0x1_0000);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_BUFFER_SIZE.into()));
    }

    #[test]
    fn config_misaligned_output_is_invalid_parameter_before_the_input_check() {
        let dev = masked_device(3, []);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &[], 10);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn config_input_below_24_is_info_length_mismatch() {
        let dev = mmc_device([]);
        let input = config_input(0, 0);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input[..16], 64);
        assert_eq!(o, Outcome::Complete(NtStatus::INFO_LENGTH_MISMATCH.into()));
    }

    #[test]
    fn config_feature_above_0xffff_is_invalid_parameter() {
        let dev = mmc_device([]);
        let input = config_input(0x1_0000, 0);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 64);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn config_request_type_3_is_invalid_parameter() {
        let dev = mmc_device([]);
        let input = config_input(0, 3);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 64);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn config_first_reserved_pointer_set_is_invalid_parameter() {
        let dev = mmc_device([]);
        let mut input = config_input(0, 0);
        input[8] = 1;
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 64);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn config_second_reserved_pointer_set_is_invalid_parameter() {
        let dev = mmc_device([]);
        let mut input = config_input(0, 0);
        input[23] = 0x80;
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 64);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn config_on_a_non_mmc_drive_is_invalid_device_request() {
        let dev = device([]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            GET_CONFIGURATION,
            &config_input(0, 0),
            64,
        );
        assert_eq!(
            o,
            Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into())
        );
    }

    /// A GET_CONFIGURATION from a process of `caller`'s width.
    fn config_from(
        dev: &TestDevice,
        caller: crate::dispatch::CallerWidth,
        input: &[u8],
        out_len: usize,
    ) -> (Outcome, Vec<u8>) {
        let f = file(1);
        let mut out = vec![0u8; out_len];
        let o = dev.device_control(IoctlRequest {
            code: GET_CONFIGURATION,
            input,
            output: &mut out,
            file: Some(&f),
            caller,
        });
        (o, out)
    }

    /// GET_CONFIGURATION_IOCTL_INPUT32: Feature, RequestType, two 32-bit
    /// NULL pointers.
    fn config_input32(feature: u32, request_type: u32) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&feature.to_le_bytes());
        b[4..8].copy_from_slice(&request_type.to_le_bytes());
        b
    }

    #[test]
    fn config_a_64_bit_callers_16_byte_input_is_info_length_mismatch() {
        use crate::dispatch::CallerWidth::Bits64;
        let dev = mmc_device([]);
        let (o, _) = config_from(&dev, Bits64, &config_input32(0x0107, 2), 64);
        assert_eq!(o, Outcome::Complete(NtStatus::INFO_LENGTH_MISMATCH.into()));
    }

    #[test]
    fn config_a_32_bit_caller_sends_the_16_byte_layout() {
        use crate::dispatch::CallerWidth::Bits32;
        let dev = mmc_device([Step::ok(&CDB_CONFIG_ONE_107, &CONFIG_107)]);
        let (o, out) = config_from(&dev, Bits32, &config_input32(0x0107, 2), 0xFFFF);
        assert_eq!(o, Outcome::Complete(Completion::ok(16)));
        assert_eq!(out[..16], CONFIG_107);
        assert_script_done(&dev);
    }

    #[test]
    fn config_a_32_bit_callers_input_of_15_bytes_is_info_length_mismatch() {
        use crate::dispatch::CallerWidth::Bits32;
        let dev = mmc_device([]);
        let (o, _) = config_from(&dev, Bits32, &config_input32(0x0107, 2)[..15], 64);
        assert_eq!(o, Outcome::Complete(NtStatus::INFO_LENGTH_MISMATCH.into()));
    }

    #[test]
    fn config_a_32_bit_callers_reserved_pointers_are_its_bytes_8_to_16() {
        use crate::dispatch::CallerWidth::Bits32;
        let dev = mmc_device([]);
        let mut input = config_input32(0, 0);
        input[15] = 1;
        let (o, _) = config_from(&dev, Bits32, &input, 64);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
        // Bytes past the 32-bit structure are not the caller's pointers.
        let dev = mmc_device([Step::ok(
            &[0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0x00, 0x40, 0],
            &CONFIG_107[..8],
        )]);
        let mut long = [0u8; 24];
        long[16..].fill(0xFF);
        let (o, _) = config_from(&dev, Bits32, &long, 64);
        assert_eq!(o, Outcome::Complete(Completion::ok(8)));
        assert_script_done(&dev);
    }

    // ---- IOCTL_CDROM_GET_CONFIGURATION: commands ----

    #[test]
    fn config_type_one_sends_a_ten_byte_cdb_with_allocation_0xfffe() {
        let dev = mmc_device([Step::ok(&CDB_CONFIG_ONE_107, &CONFIG_107)]);
        let input = config_input(0x0107, 2);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(o, Outcome::Complete(Completion::ok(16)));
        assert_eq!(out[..16], CONFIG_107);
        // The rest of the window the device was given is zeroed before the
        // transfer (`Ctx::send`), never left stale.
        assert!(out[16..64].iter().all(|&b| b == 0));
        assert_script_done(&dev);
    }

    #[test]
    fn config_type_all_from_feature_0_with_a_small_buffer() {
        let cdb = [0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0x00, 0x08, 0];
        let dev = mmc_device([Step::ok(&cdb, &CONFIG_107[..8])]);
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            GET_CONFIGURATION,
            &config_input(0, 0),
            8,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(8)));
        assert_eq!(out[..], CONFIG_107[..8]);
        assert_script_done(&dev);
    }

    #[test]
    fn config_type_current() {
        let cdb = [0x46, 0x01, 0x00, 0x03, 0, 0, 0, 0x00, 0x40, 0];
        let dev = mmc_device([Step::ok(&cdb, &CONFIG_107[..8])]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            GET_CONFIGURATION,
            &config_input(3, 1),
            64,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(8)));
        assert_script_done(&dev);
    }

    #[test]
    fn config_under_run_is_success_with_the_real_count() {
        let dev = mmc_device([Step::short(&CDB_CONFIG_ONE_107, &CONFIG_107[..12])]);
        let input = config_input(0x0107, 2);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(o, Outcome::Complete(Completion::ok(12)));
    }

    #[test]
    fn config_device_error_fails_with_its_status() {
        let dev = mmc_device([Step::check(&CDB_CONFIG_ALL_107, 5, 0x24, 0)]);
        let input = config_input(0x0107, 0);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(
            o,
            Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into())
        );
    }

    #[test]
    fn config_aligned_output_passes_the_alignment_check() {
        let cdb = [0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0x00, 0x10, 0];
        let dev = masked_device(3, [Step::ok(&cdb, &CONFIG_107)]);
        dev.platform.unit.borrow_mut().state.caps.mmc = true;
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            GET_CONFIGURATION,
            &config_input(0, 0),
            16,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(16)));
        assert!(masked_done(&dev));
    }

    #[test]
    fn config_reads_straight_into_the_callers_buffer() {
        let dev = mmc_device([Step::ok(&CDB_CONFIG_ONE_107, &CONFIG_107)]);
        let f = file(1);
        let mut out = vec![0u8; 0xFFFF];
        let o = dev.device_control(IoctlRequest {
            code: GET_CONFIGURATION,
            input: &config_input(0x0107, 2),
            output: &mut out,
            file: Some(&f),
            caller: crate::dispatch::CallerWidth::Bits64,
        });
        assert_eq!(o, Outcome::Complete(Completion::ok(16)));
        let given = dev.platform.unit.borrow().port.buffers[0];
        assert_eq!(given, (out.as_ptr() as usize, 0xFFFE));
    }

    // ---- IOCTL_CDROM_GET_CONFIGURATION: drives that refuse RT = ONE ----

    /// GET CONFIGURATION RT = ALL from feature 0x0107, allocation 0xFFFE.
    const CDB_CONFIG_ALL_107: [u8; 10] = [0x46, 0x00, 0x01, 0x07, 0, 0, 0, 0xFF, 0xFE, 0];
    /// An RT = ALL answer from 0x0107: header (DataLength 0x14), feature
    /// 0x0107 (4 data bytes), feature 0x0108 (serial number "ABCD").
    const CONFIG_ALL_107: [u8; 24] = [
        0, 0, 0, 0x14, 0, 0, 0x00, 0x08, //
        0x01, 0x07, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, //
        0x01, 0x08, 0x03, 0x04, b'A', b'B', b'C', b'D',
    ];

    fn refuses_type_one(dev: &TestDevice) -> bool {
        dev.platform.unit.borrow().state.bad_type_one_config
    }

    #[test]
    fn config_type_one_refused_by_the_drive_is_answered_from_type_all() {
        let dev = mmc_device([
            Step::check(&CDB_CONFIG_ONE_107, 0x05, 0x24, 0x00),
            Step::ok(&CDB_CONFIG_ALL_107, &CONFIG_ALL_107),
        ]);
        let input = config_input(0x0107, 2);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        // Header with DataLength 0x0C and feature 0x0107 only: CONFIG_107.
        assert_eq!(o, Outcome::Complete(Completion::ok(16)));
        assert_eq!(out[..16], CONFIG_107);
        assert!(refuses_type_one(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn config_type_one_after_a_refusal_goes_straight_to_type_all() {
        let dev = mmc_device([Step::ok(&CDB_CONFIG_ALL_107, &CONFIG_ALL_107)]);
        dev.platform.unit.borrow_mut().state.bad_type_one_config = true;
        let input = config_input(0x0107, 2);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(o, Outcome::Complete(Completion::ok(16)));
        assert_eq!(out[..16], CONFIG_107);
        assert_script_done(&dev);
    }

    #[test]
    fn config_emulated_type_one_without_the_feature_is_the_header_alone() {
        // The drive has no 0x0107: RT = ALL starts at the next one, 0x0108.
        let mut answer = [0u8; 16];
        answer[..8].copy_from_slice(&[0, 0, 0, 0x0C, 0, 0, 0x00, 0x08]);
        answer[8..].copy_from_slice(&CONFIG_ALL_107[16..]);
        let dev = mmc_device([Step::ok(&CDB_CONFIG_ALL_107, &answer)]);
        dev.platform.unit.borrow_mut().state.bad_type_one_config = true;
        let input = config_input(0x0107, 2);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(o, Outcome::Complete(Completion::ok(8)));
        assert_eq!(out[..8], [0, 0, 0, 0x04, 0, 0, 0x00, 0x08]);
        assert_script_done(&dev);
    }

    #[test]
    fn config_emulated_type_one_into_8_bytes_asks_the_drive_for_12() {
        let cdb = [0x46, 0x00, 0x01, 0x07, 0, 0, 0, 0x00, 0x0C, 0];
        let dev = mmc_device([Step::ok(&cdb, &CONFIG_ALL_107)]);
        dev.platform.unit.borrow_mut().state.bad_type_one_config = true;
        let input = config_input(0x0107, 2);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 8);
        assert_eq!(o, Outcome::Complete(Completion::ok(8)));
        assert_eq!(out, CONFIG_107[..8]);
        assert_script_done(&dev);
    }

    #[test]
    fn config_emulated_type_one_with_under_8_bytes_back_is_invalid_device_request() {
        let dev = mmc_device([Step::short(&CDB_CONFIG_ALL_107, &CONFIG_ALL_107[..6])]);
        dev.platform.unit.borrow_mut().state.bad_type_one_config = true;
        let input = config_input(0x0107, 2);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(
            o,
            Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into())
        );
    }

    #[test]
    fn config_type_one_failing_for_another_reason_is_not_a_refusal() {
        let dev = mmc_device([Step::check(&CDB_CONFIG_ONE_107, 0x02, 0x3A, 0x00)]);
        let input = config_input(0x0107, 2);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(o, Outcome::Complete(NtStatus::NO_MEDIA_IN_DEVICE.into()));
        assert!(!refuses_type_one(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn config_type_one_refused_and_type_all_failing_fails_with_its_status() {
        let dev = mmc_device([
            Step::check(&CDB_CONFIG_ONE_107, 0x05, 0x24, 0x00),
            Step::check(&CDB_CONFIG_ALL_107, 0x05, 0x24, 0x00),
        ]);
        let input = config_input(0x0107, 2);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(
            o,
            Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into())
        );
        assert_script_done(&dev);
    }

    #[test]
    fn config_type_all_and_current_are_never_rewritten() {
        let dev = mmc_device([Step::ok(&CDB_CONFIG_ALL_107, &CONFIG_ALL_107)]);
        dev.platform.unit.borrow_mut().state.bad_type_one_config = true;
        let input = config_input(0x0107, 0);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_CONFIGURATION, &input, 0xFFFF);
        assert_eq!(o, Outcome::Complete(Completion::ok(24)));
        assert_eq!(out[..24], CONFIG_ALL_107);
    }

    // ---- IOCTL_CDROM_GET_INQUIRY_DATA ----

    fn device_with_inquiry(len: usize) -> TestDevice {
        let mut dev = device([]);
        dev.shared.set_inquiry(&inquiry_data(len as u8 - 5, len));
        dev
    }

    #[test]
    fn inquiry_zero_output_is_buffer_too_small_with_info_0() {
        let dev = device_with_inquiry(36);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_INQUIRY_DATA, &[], 0);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 0))
        );
    }

    #[test]
    fn inquiry_exact_output_gets_the_cache() {
        let dev = device_with_inquiry(36);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_INQUIRY_DATA, &[], 36);
        assert_eq!(o, Outcome::Complete(Completion::ok(36)));
        assert_eq!(out, inquiry_data(31, 36));
    }

    #[test]
    fn inquiry_short_output_is_buffer_overflow_with_the_bytes_delivered() {
        let dev = device_with_inquiry(96);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_INQUIRY_DATA, &[], 20);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_OVERFLOW, 20))
        );
        assert_eq!(out, inquiry_data(91, 96)[..20]);
    }

    #[test]
    fn inquiry_large_output_gets_the_cache_and_nothing_more() {
        let dev = device_with_inquiry(36);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_INQUIRY_DATA, &[], 100);
        assert_eq!(o, Outcome::Complete(Completion::ok(36)));
        assert_untouched(&out[36..]);
    }

    #[test]
    fn inquiry_is_answered_under_another_handles_exclusive_lock() {
        let dev = device_with_inquiry(36);
        dev.shared.exclusive_owner.store(2, Ordering::Release);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_INQUIRY_DATA, &[], 36);
        assert_eq!(o, Outcome::Complete(Completion::ok(36)));
    }

    // ---- cache_inquiry (device start) ----

    const INQUIRY_36: [u8; 6] = [0x12, 0, 0, 0, 0x24, 0];

    #[test]
    fn start_inquiry_of_exactly_36_bytes_is_sent_once() {
        let mut dev = device([Step::ok(&INQUIRY_36, &inquiry_data(31, 36))]);
        assert_eq!(cache_inquiry(&mut dev), Ok(()));
        assert_eq!(dev.shared.inquiry(), inquiry_data(31, 36));
        assert_script_done(&dev);
    }

    #[test]
    fn start_inquiry_is_resent_for_additional_length_plus_5() {
        let mut dev = device([
            Step::ok(&INQUIRY_36, &inquiry_data(91, 96)),
            Step::ok(&[0x12, 0, 0, 0, 0x60, 0], &inquiry_data(91, 96)),
        ]);
        assert_eq!(cache_inquiry(&mut dev), Ok(()));
        assert_eq!(dev.shared.inquiry(), inquiry_data(91, 96));
        assert_script_done(&dev);
    }

    #[test]
    fn start_inquiry_of_260_bytes_uses_the_two_byte_allocation() {
        let mut dev = device([
            Step::ok(&INQUIRY_36, &inquiry_data(255, 260)),
            Step::ok(&[0x12, 0, 0, 0x01, 0x04, 0], &inquiry_data(255, 260)),
        ]);
        assert_eq!(cache_inquiry(&mut dev), Ok(()));
        assert_eq!(dev.shared.inquiry().len(), 260);
        assert_script_done(&dev);
    }

    #[test]
    fn start_inquiry_additional_length_0_is_taken_as_31() {
        let mut dev = device([
            Step::ok(&INQUIRY_36, &inquiry_data(0, 36)),
            Step::ok(&INQUIRY_36, &inquiry_data(0, 36)),
        ]);
        assert_eq!(cache_inquiry(&mut dev), Ok(()));
        assert_eq!(dev.shared.inquiry(), inquiry_data(0, 36));
        assert_script_done(&dev);
    }

    #[test]
    fn start_inquiry_all_zero_after_the_atapi_patch_is_a_protocol_error() {
        let mut dev = device([
            Step::ok(&INQUIRY_36, &inquiry_data(0, 36)),
            Step::ok(&INQUIRY_36, &[0; 36]),
        ]);
        assert_eq!(
            cache_inquiry(&mut dev),
            Err(NtStatus::DEVICE_PROTOCOL_ERROR)
        );
        assert_eq!(dev.shared.inquiry(), &[] as &[u8]);
    }

    #[test]
    fn start_inquiry_under_run_is_asked_again_for_what_came_back() {
        let mut dev = device([
            Step::ok(&INQUIRY_36, &inquiry_data(91, 96)),
            Step::short(&[0x12, 0, 0, 0, 0x60, 0], &inquiry_data(91, 60)),
            Step::ok(&[0x12, 0, 0, 0, 0x3C, 0], &inquiry_data(91, 60)),
        ]);
        assert_eq!(cache_inquiry(&mut dev), Ok(()));
        assert_eq!(dev.shared.inquiry(), inquiry_data(91, 60));
        assert_script_done(&dev);
    }

    #[test]
    fn start_inquiry_under_run_below_36_fails_with_data_overrun() {
        let mut dev = device([
            Step::ok(&INQUIRY_36, &inquiry_data(91, 96)),
            Step::short(&[0x12, 0, 0, 0, 0x60, 0], &inquiry_data(91, 30)),
        ]);
        assert_eq!(cache_inquiry(&mut dev), Err(NtStatus::DATA_OVERRUN));
        assert_script_done(&dev);
    }

    #[test]
    fn start_inquiry_announcing_fewer_than_36_bytes_is_a_protocol_error() {
        let mut dev = device([Step::ok(&INQUIRY_36, &inquiry_data(20, 36))]);
        assert_eq!(
            cache_inquiry(&mut dev),
            Err(NtStatus::DEVICE_PROTOCOL_ERROR)
        );
    }

    #[test]
    fn start_inquiry_failure_fails_the_start() {
        let mut dev = device([Step::check(&INQUIRY_36, 5, 0x24, 0)]);
        assert_eq!(dev.start(), Err(NtStatus::INVALID_DEVICE_REQUEST));
        assert_eq!(dev.shared.inquiry(), &[] as &[u8]);
    }

    // ---- geometry family ----

    #[test]
    fn geometry_output_below_24_is_buffer_too_small_with_info_24() {
        let dev = device([]);
        let (o, out) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 23);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 24))
        );
        assert_untouched(&out);
    }

    #[test]
    fn geometry_from_read_capacity() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2048)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        assert_eq!(o, Outcome::Complete(Completion::ok(24)));
        assert_eq!(out, GEOMETRY_2048);
        assert_script_done(&dev);
    }

    #[test]
    fn geometry_stores_the_capacity() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2048)]);
        let _ = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        let expect = Capacity::from_read_capacity(0x0004_4E2F, 2048);
        assert_eq!(dev.platform.unit.borrow().state.capacity, Some(expect));
    }

    #[test]
    fn disk_geometry_is_the_same_answer() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2048)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), DISK_GEOMETRY, &[], 24);
        assert_eq!(o, Outcome::Complete(Completion::ok(24)));
        assert_eq!(out, GEOMETRY_2048);
    }

    #[test]
    fn geometry_block_length_is_rounded_down_to_a_power_of_two() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2352)]);
        let (_, out) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        assert_eq!(out[20..24], [0x00, 0x08, 0, 0]);
    }

    #[test]
    fn geometry_sends_read_capacity_on_every_call() {
        let dev = device([
            Step::ok(&READ_CAPACITY, &CAPACITY_2048),
            Step::ok(&READ_CAPACITY, &CAPACITY_2048),
        ]);
        let _ = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        let _ = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        assert_script_done(&dev);
    }

    #[test]
    fn geometry_read_capacity_failure_fails_with_its_status() {
        let dev = device([Step::check(&READ_CAPACITY, 2, 0x3A, 0)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        assert_eq!(o, Outcome::Complete(NtStatus::NO_MEDIA_IN_DEVICE.into()));
        assert_untouched(&out);
        assert_eq!(dev.platform.unit.borrow().state.capacity, None);
    }

    #[test]
    fn geometry_read_capacity_is_retried_at_most_twice() {
        let dev = device([
            Step::check(&READ_CAPACITY, 4, 0x44, 0),
            Step::check(&READ_CAPACITY, 4, 0x44, 0),
            Step::check(&READ_CAPACITY, 4, 0x44, 0),
        ]);
        let (o, _) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        assert_eq!(o, Outcome::Complete(NtStatus::IO_DEVICE_ERROR.into()));
        assert_script_done(&dev);
    }

    #[test]
    fn geometry_short_read_capacity_data_is_a_protocol_error() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2048[..4])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        assert_eq!(o, Outcome::Complete(NtStatus::DEVICE_PROTOCOL_ERROR.into()));
    }

    #[test]
    fn geometry_ex_output_below_32_is_buffer_too_small_with_info_32() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY_EX, &[], 31);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 32))
        );
    }

    #[test]
    fn geometry_ex_fills_32_bytes_and_leaves_data_alone() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2048)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY_EX, &[], 40);
        assert_eq!(o, Outcome::Complete(Completion::ok(32)));
        assert_eq!(out[..24], GEOMETRY_2048);
        assert_eq!(out[24..32], DISK_SIZE_2048);
        assert_untouched(&out[32..]);
    }

    #[test]
    fn disk_geometry_ex_is_the_same_answer() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2048)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), DISK_GEOMETRY_EX, &[], 32);
        assert_eq!(o, Outcome::Complete(Completion::ok(32)));
        assert_eq!(out[24..32], DISK_SIZE_2048);
    }

    #[test]
    fn length_info_output_below_8_is_buffer_too_small_with_info_8() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), LENGTH_INFO, &[], 7);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 8))
        );
    }

    #[test]
    fn length_info_is_the_partition_length() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2048)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), LENGTH_INFO, &[], 8);
        assert_eq!(o, Outcome::Complete(Completion::ok(8)));
        assert_eq!(out, DISK_SIZE_2048);
    }

    #[test]
    fn length_info_with_block_length_0_is_0x7fffffff() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_ZERO_BLOCK)]);
        let (_, out) = ioctl(&dev, Some(&file(1)), LENGTH_INFO, &[], 8);
        assert_eq!(out, [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0]);
    }

    #[test]
    fn storage_read_capacity_output_below_32_is_buffer_too_small_with_info_32() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), STORAGE_READ_CAPACITY, &[], 31);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 32))
        );
    }

    #[test]
    fn storage_read_capacity_structure_bytes() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_2048)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), STORAGE_READ_CAPACITY, &[], 32);
        assert_eq!(o, Outcome::Complete(Completion::ok(32)));
        let mut expect = vec![32, 0, 0, 0, 32, 0, 0, 0, 0x00, 0x08, 0, 0, 0, 0, 0, 0];
        expect.extend_from_slice(&[0x30, 0x4E, 0x04, 0, 0, 0, 0, 0]);
        expect.extend_from_slice(&DISK_SIZE_2048);
        assert_eq!(out, expect);
    }

    #[test]
    fn storage_read_capacity_with_block_length_0() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_ZERO_BLOCK)]);
        let (_, out) = ioctl(&dev, Some(&file(1)), STORAGE_READ_CAPACITY, &[], 32);
        // BlockLength 2048; 0x7FFFFFFF / 2048 = 0xFFFFF blocks.
        assert_eq!(out[8..12], [0x00, 0x08, 0, 0]);
        assert_eq!(out[16..24], [0xFF, 0xFF, 0x0F, 0, 0, 0, 0, 0]);
        assert_eq!(out[24..32], [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0]);
    }

    #[test]
    fn geometry_with_block_length_0_reports_2048_bytes_per_sector() {
        let dev = device([Step::ok(&READ_CAPACITY, &CAPACITY_ZERO_BLOCK)]);
        let (_, out) = ioctl(&dev, Some(&file(1)), CDROM_GEOMETRY, &[], 24);
        assert_eq!(out[..8], [0; 8]);
        assert_eq!(out[20..24], [0x00, 0x08, 0, 0]);
    }
}
