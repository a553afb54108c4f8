//! cdromctl: sends CD-ROM IOCTLs to the cdfilter driver — DeviceIoControl on
//! Windows, the in-process host stack (simulated drive, disc images, QEMU,
//! tgt) on Linux. The IOCTL buffers are the same bytes on every backend.
//!
//! Without arguments it tours the built-in disc (`cdromctl demo`).
//!
//! Exit codes: 0 success; 1 the driver completed a request with a failure
//! status; 2 usage error; 3 internal error (an image that cannot be read, a
//! verifier violation, an I/O error of the tool itself).

mod backend;
mod cmd;
mod error;
mod render;
mod script;
mod session;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use cdfilter_core::ioctl::Ioctl;

use crate::backend::{Backend, Target};
use crate::cmd::{audio, demo, exclusive, info, media, raw, rawread, speed, toc};
use crate::error::{usage, Error, EXIT_DEVICE, EXIT_USAGE};
use crate::render::Out;
use crate::session::Session;

#[derive(Parser, Debug)]
#[command(
    name = "cdromctl",
    version,
    about = "Send CD-ROM IOCTLs to the cdfilter driver (host stack on Linux, DeviceIoControl on Windows)",
    after_help = "Without --image, --qemu, --iscsi or --device the built-in disc in the simulated drive is used.\n\
                  Without a command, `demo` tours the built-in disc.\n\
                  Exit codes: 0 success, 1 the driver failed a request, 2 usage error, 3 internal error.\n\
                  Example: cdromctl --json ioctl IOCTL_CDROM_READ_TOC --out-len 804"
)]
struct Cli {
    #[command(flatten)]
    target: TargetArgs,
    /// Print JSON instead of tables (one object per result).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args, Debug)]
struct TargetArgs {
    /// Disc image for the simulated drive (.iso or .cue).
    #[arg(long, global = true, value_name = "PATH")]
    image: Option<PathBuf>,
    /// QEMU's ATAPI CD-ROM with this ISO.
    #[arg(long, global = true, value_name = "ISO")]
    qemu: Option<PathBuf>,
    /// A tgt iSCSI MMC logical unit (iscsi://127.0.0.1/iqn.../1).
    #[arg(long, global = true, value_name = "URL")]
    iscsi: Option<String>,
    /// The real driver on Windows (\\.\CdRom0).
    #[arg(long, global = true, value_name = "PATH")]
    device: Option<String>,
}

impl TargetArgs {
    fn target(&self) -> Result<Target, Error> {
        let mut given = Vec::new();
        if let Some(p) = &self.image {
            given.push(Target::Image(p.clone()));
        }
        if let Some(p) = &self.qemu {
            given.push(Target::Qemu(p.clone()));
        }
        if let Some(u) = &self.iscsi {
            given.push(Target::Iscsi(u.clone()));
        }
        if let Some(d) = &self.device {
            given.push(Target::Device(d.clone()));
        }
        match given.len() {
            0 => Ok(Target::Builtin),
            1 => Ok(given.remove(0)),
            _ => Err(usage(
                "give at most one of --image, --qemu, --iscsi and --device",
            )),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Tour the built-in disc: info, TOC, a short rip, audio, the exclusive lock, verifier checks.
    #[command(after_help = "Example: cdromctl demo")]
    Demo,
    /// Drive and medium: INQUIRY, configuration profile and features, capabilities, geometry.
    #[command(after_help = "Example: cdromctl --image disc.cue info")]
    Info,
    /// The table of contents: tracks with MSF and LBA, types, control flags.
    #[command(after_help = "Example: cdromctl --json toc")]
    Toc,
    /// The last session (IOCTL_CDROM_GET_LAST_SESSION).
    #[command(after_help = "Example: cdromctl session")]
    Session,
    /// Read raw sectors (IOCTL_CDROM_RAW_READ) to a file or a hex dump.
    #[command(
        name = "raw-read",
        after_help = "Modes: cdda, yellow-mode2, xa-form2, raw-c2-sub, raw-c2, raw-sub (or the Windows names).\n\
                      Example: cdromctl raw-read --lba 450 --count 2 --mode cdda --out two.raw"
    )]
    RawRead {
        /// First sector.
        #[arg(long)]
        lba: u32,
        /// Number of sectors.
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// Track mode.
        #[arg(long, default_value = "cdda")]
        mode: String,
        /// Write the bytes to this file instead of a hex dump.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Rip an audio track to a WAV file through RAW_READ.
    #[command(after_help = "Example: cdromctl rip --track 2 --out track02.wav")]
    Rip {
        /// Track number.
        #[arg(long)]
        track: u8,
        /// WAV file to write.
        #[arg(long, value_name = "FILE.wav")]
        out: PathBuf,
        /// Sectors per RAW_READ.
        #[arg(long, default_value_t = 26)]
        chunk: u32,
        /// Retries of a failed chunk.
        #[arg(long, default_value_t = 3)]
        retries: u32,
        /// Rip only the first N sectors of the track.
        #[arg(long, value_name = "N")]
        sectors: Option<u32>,
    },
    /// Play audio: a track, a range, or every audio track.
    #[command(after_help = "Addresses are MM:SS:FF or an LBA.\n\
                            Examples:\n  cdromctl play --track 2 --follow\n  cdromctl play --from 00:08:00 --to 00:12:00")]
    Play {
        /// Play this track.
        #[arg(long, conflicts_with_all = ["from", "to"])]
        track: Option<u8>,
        /// Start address (default: the first audio track).
        #[arg(long, value_name = "ADDR")]
        from: Option<String>,
        /// End address (default: the lead-out).
        #[arg(long, value_name = "ADDR")]
        to: Option<String>,
        #[command(flatten)]
        follow: FollowArgs,
    },
    /// Pause audio play.
    #[command(after_help = "Example: cdromctl pause")]
    Pause,
    /// Resume paused audio play.
    #[command(after_help = "Example: cdromctl resume")]
    Resume,
    /// Stop audio play.
    #[command(after_help = "Example: cdromctl stop")]
    Stop,
    /// Seek to an address (MM:SS:FF or an LBA).
    #[command(after_help = "Example: cdromctl seek 00:10:00")]
    Seek {
        /// Address.
        address: String,
    },
    /// The current position from the Q channel.
    #[command(after_help = "Example: cdromctl position --follow")]
    Position {
        #[command(flatten)]
        follow: FollowArgs,
    },
    /// The media catalogue number.
    #[command(after_help = "Example: cdromctl mcn")]
    Mcn,
    /// Track ISRCs (every audio track, or one).
    #[command(after_help = "Example: cdromctl isrc --track 2")]
    Isrc {
        /// Only this track.
        #[arg(long)]
        track: Option<u8>,
    },
    /// The audio volume; --set L,R changes it.
    #[command(after_help = "Example: cdromctl volume --set 200,200")]
    Volume {
        /// New left,right volume (0-255 each).
        #[arg(long, value_name = "L,R")]
        set: Option<String>,
    },
    /// Take the exclusive lock under NAME (held until this handle closes).
    #[command(after_help = "Example: cdromctl lock burner")]
    Lock {
        /// Caller name (1-63 characters).
        name: String,
        /// Lock even if a volume is mounted.
        #[arg(long)]
        ignore_volume: bool,
    },
    /// Release the exclusive lock this handle holds.
    #[command(after_help = "Example: cdromctl unlock")]
    Unlock {
        /// Send no media removal/arrival notifications.
        #[arg(long)]
        no_notifications: bool,
    },
    /// Who holds the exclusive lock.
    #[command(name = "lock-state", after_help = "Example: cdromctl lock-state")]
    LockState,
    /// Eject the medium.
    #[command(after_help = "Example: cdromctl eject")]
    Eject,
    /// Load the medium (close the tray).
    #[command(after_help = "Example: cdromctl load")]
    Load,
    /// Check that the medium is ready and unchanged (media-change count).
    #[command(after_help = "Example: cdromctl verify")]
    Verify,
    /// Set the read (and write) speed: max, Nx (N × 176 kB/s) or kB/s.
    #[command(after_help = "Examples:\n  cdromctl speed 8x\n  cdromctl speed max")]
    Speed {
        /// Read speed.
        #[arg(default_value = "max")]
        read: String,
        /// Write speed.
        #[arg(long, default_value = "max")]
        write: String,
        /// CAV rotation for writing.
        #[arg(long)]
        cav: bool,
    },
    /// The drive's performance (GET_PERFORMANCE).
    #[command(
        after_help = "Examples:\n  cdromctl performance\n  cdromctl performance --write-speeds"
    )]
    Performance {
        /// Write performance instead of read.
        #[arg(long)]
        write: bool,
        /// The entire performance list.
        #[arg(long, conflicts_with_all = ["exceptions", "write_speeds"])]
        entire: bool,
        /// Exceptions only.
        #[arg(long, conflicts_with = "write_speeds")]
        exceptions: bool,
        /// Write speed descriptors.
        #[arg(long)]
        write_speeds: bool,
    },
    /// Streaming reads/writes for this handle (ENABLE_STREAMING).
    #[command(after_help = "Example: cdromctl streaming on --read")]
    Streaming {
        /// on or off.
        #[arg(value_parser = ["on", "off"])]
        state: String,
        /// Enable for reads (the default).
        #[arg(long)]
        read: bool,
        /// Enable for writes.
        #[arg(long)]
        write: bool,
    },
    /// Optimum power calibration (SEND_OPC_INFORMATION).
    #[command(after_help = "Example: cdromctl opc")]
    Opc {
        /// Exclude0.
        #[arg(long)]
        exclude0: bool,
        /// Exclude1.
        #[arg(long)]
        exclude1: bool,
    },
    /// Send one IOCTL and print status, Information, output and CDBs.
    #[command(
        after_help = "Examples:\n  cdromctl ioctl IOCTL_CDROM_READ_TOC --out-len 804\n  \
                            cdromctl ioctl 0x24054 --in 00000000 --out-len 20"
    )]
    Ioctl(IoctlArgs),
    /// Run a script of requests over several handles.
    #[command(after_help = "Script lines (one step each; '#' starts a comment):\n  \
                            open A\n  A ioctl IOCTL_CDROM_EXCLUSIVE_ACCESS --in 01000000... --out-len 0\n  \
                            A read --offset 0 --len 2048\n  wait 30   (seconds; handles stay open)\n  \
                            close A\n\
                            Example: cdromctl --json script lock.txt")]
    Script {
        /// The script file.
        file: PathBuf,
    },
    /// Print the IOCTL table: name, code, method, access, handling.
    #[command(after_help = "Example: cdromctl ioctls --json")]
    Ioctls,
}

#[derive(Args, Debug, Clone)]
struct IoctlArgs {
    /// IOCTL name (IOCTL_CDROM_READ_TOC) or code (0x24000).
    ioctl: String,
    /// Input buffer as hex ("01 02 0a", "01020a"); absent means empty.
    #[arg(long = "in", value_name = "HEX")]
    input: Option<String>,
    /// Output buffer length in bytes.
    #[arg(long, default_value_t = 0, value_name = "N")]
    out_len: usize,
}

#[derive(Args, Debug, Clone, Copy)]
struct FollowArgs {
    /// Keep printing the position while audio plays.
    #[arg(long)]
    follow: bool,
    /// Stop following after N positions.
    #[arg(long, value_name = "N")]
    polls: Option<u32>,
    /// Drive time between positions, in CD frames (75 = one second).
    #[arg(long, default_value_t = 75, value_name = "FRAMES")]
    interval: u32,
}

/// Runs a command that works on one handle.
fn with_session(
    backend: &dyn Backend,
    f: impl FnOnce(&Session<'_>) -> Result<(), Error>,
) -> Result<u8, Error> {
    let session = Session::open(backend)?;
    let r = f(&session);
    drop(session);
    raw::check_verifier(backend)?;
    r.map(|()| 0)
}

fn run(cli: Cli) -> Result<u8, Error> {
    let out = Out { json: cli.json };
    let target = cli.target.target()?;
    let command = cli.command.unwrap_or(Command::Demo);
    // Commands that need no device.
    match &command {
        Command::Ioctls => {
            print!("{}", raw::ioctls(cli.json));
            return Ok(0);
        }
        Command::Ioctl(args) => {
            let code = raw::parse_ioctl(&args.ioctl)?;
            let input = args
                .input
                .as_deref()
                .map_or_else(|| Ok(Vec::new()), raw::parse_hex)?;
            let backend = backend::connect(&target)?;
            let ok = raw::ioctl(&*backend, code, &input, args.out_len, cli.json)?;
            return Ok(if ok { 0 } else { EXIT_DEVICE });
        }
        Command::Script { file } => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| error::internal(format!("{}: {e}", file.display())))?;
            let backend = backend::connect(&target)?;
            script::run(&*backend, &text, cli.json)?;
            raw::check_verifier(&*backend)?;
            return Ok(0);
        }
        _ => {}
    }
    // Argument checks that need no device come first (usage errors).
    let rip_mode = match &command {
        Command::RawRead { mode, .. } => Some(rawread::parse_mode(mode)?),
        _ => None,
    };
    let seek_to = match &command {
        Command::Seek { address } => Some(audio::parse_address(address)?),
        _ => None,
    };
    let volume = match &command {
        Command::Volume { set: Some(v) } => Some(audio::parse_volume(v)?),
        _ => None,
    };
    let speeds = match &command {
        Command::Speed { read, write, .. } => {
            Some((speed::parse_speed(read)?, speed::parse_speed(write)?))
        }
        _ => None,
    };
    if let Command::Lock { name, .. } = &command {
        exclusive::lock_input(name, false)?;
    }
    if let Command::Play { from: Some(a), .. } | Command::Play { to: Some(a), .. } = &command {
        audio::parse_address(a)?;
    }
    let backend = backend::connect(&target)?;
    let b = &*backend;
    match command {
        Command::Demo => demo::run(b, out),
        Command::Info => with_session(b, |s| info::run(s, out)),
        Command::Toc => with_session(b, |s| toc::run(s, out)),
        Command::Session => with_session(b, |s| toc::run_session(s, out)),
        Command::RawRead {
            lba,
            count,
            out: file,
            ..
        } => with_session(b, |s| {
            let mode = rip_mode.unwrap_or(cdfilter_core::abi::rawread::TrackModeType::CDDA);
            rawread::run_raw_read(s, out, lba, count, mode, file.as_deref())
        }),
        Command::Rip {
            track,
            out: file,
            chunk,
            retries,
            sectors,
        } => with_session(b, |s| {
            let o = rawread::RipOptions {
                track,
                out: &file,
                chunk,
                retries,
                sectors,
            };
            rawread::run_rip(s, out, &o).map(drop)
        }),
        Command::Play {
            track,
            from,
            to,
            follow,
        } => with_session(b, |s| {
            let (start, end) = audio::play_range(s, track, from.as_deref(), to.as_deref())?;
            audio::play(s, start, end)?;
            audio::done(
                out,
                &format!("play {}", audio::range_text(start, end)),
                serde_json::json!({"from": render::msf(start), "to": render::msf(end)}),
            );
            if follow.follow {
                audio::follow(s, out, true, follow.polls, follow.interval)?;
            }
            Ok(())
        }),
        Command::Pause => simple(b, out, Ioctl::CdromPauseAudio, "pause"),
        Command::Resume => simple(b, out, Ioctl::CdromResumeAudio, "resume"),
        Command::Stop => simple(b, out, Ioctl::CdromStopAudio, "stop"),
        Command::Seek { .. } => with_session(b, |s| {
            let at = seek_to.unwrap_or_default();
            audio::seek(s, at)?;
            audio::done(
                out,
                &format!("seek to {}", render::msf(at)),
                serde_json::json!({"to": render::msf(at)}),
            );
            Ok(())
        }),
        Command::Position { follow } => with_session(b, |s| {
            audio::follow(s, out, follow.follow, follow.polls, follow.interval)
        }),
        Command::Mcn => with_session(b, |s| audio::mcn(s, out)),
        Command::Isrc { track } => with_session(b, |s| audio::isrc(s, out, track)),
        Command::Volume { .. } => with_session(b, |s| audio::volume(s, out, volume)),
        Command::Lock {
            name,
            ignore_volume,
        } => with_session(b, |s| {
            exclusive::lock(s, &name, ignore_volume)?;
            exclusive::show_state(s, out)?;
            if !out.json {
                println!("  (the lock is released when this handle closes, as cdromctl exits)");
            }
            Ok(())
        }),
        Command::Unlock { no_notifications } => with_session(b, |s| {
            exclusive::unlock(s, no_notifications)?;
            exclusive::show_state(s, out)
        }),
        Command::LockState => with_session(b, |s| exclusive::show_state(s, out)),
        Command::Eject => simple(b, out, Ioctl::StorageEjectMedia, "eject"),
        Command::Load => simple(b, out, Ioctl::StorageLoadMedia, "load"),
        Command::Verify => with_session(b, |s| media::run_verify(s, out)),
        Command::Speed { cav, .. } => with_session(b, |s| {
            let (read, write) = speeds.unwrap_or((speed::MAX_SPEED, speed::MAX_SPEED));
            speed::set_speed(s, out, read, write, cav)
        }),
        Command::Performance {
            write,
            entire,
            exceptions,
            write_speeds,
        } => with_session(b, |s| {
            let kind = match (entire, exceptions, write_speeds) {
                (_, _, true) => speed::PerformanceKind::WriteSpeeds,
                (true, _, _) => speed::PerformanceKind::Entire,
                (_, true, _) => speed::PerformanceKind::Exceptions,
                _ => speed::PerformanceKind::Nominal,
            };
            speed::performance(s, out, kind, write)
        }),
        Command::Streaming { state, read, write } => {
            with_session(b, |s| speed::streaming(s, out, state == "on", write, read))
        }
        Command::Opc { exclude0, exclude1 } => {
            with_session(b, |s| speed::opc(s, out, exclude0, exclude1))
        }
        Command::Ioctls | Command::Ioctl(_) | Command::Script { .. } => Ok(0),
    }
}

/// A command that sends one IOCTL without buffers.
fn simple(backend: &dyn Backend, out: Out, ioctl: Ioctl, what: &str) -> Result<u8, Error> {
    with_session(backend, |s| {
        audio::simple(s, ioctl)?;
        audio::done(out, what, serde_json::json!({}));
        Ok(())
    })
}

fn main() -> ExitCode {
    let json = std::env::args().any(|a| a == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if json {
                println!("{}", e.json());
            }
            eprintln!("cdromctl: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
