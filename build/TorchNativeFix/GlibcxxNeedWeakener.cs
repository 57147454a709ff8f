// Makes TorchSharp's libLibTorchSharp.so load on hosts whose libstdc++ predates GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04).
// The library asks for that version for one symbol only, std::ios_base_library_init(), a marker that GCC 13 headers
// reference and nothing calls. Marking the version need weak (VER_FLG_WEAK) and the symbol weak and unversioned lets
// ld.so accept the library; everything else is left byte-for-byte as it was.
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the build task (see Directory.Build.targets) and
// by the tests with STREAMAE_ELF_TESTS defined, which leaves the MSBuild task class out.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace StreamAe.Build
{
    public enum WeakenResult
    {
        Patched,
        AlreadyWeak,
        NoSuchNeed,
        NotElf64,
    }

    public static class GlibcxxNeedWeakener
    {
        public const string Version = "GLIBCXX_3.4.32";
        private const uint ShtDynsym = 11;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const uint ShtGnuVersym = 0x6fffffff;
        private const ushort VerFlgWeak = 0x2;
        private const byte StbWeak = 2;
        private const ushort VersymGlobal = 1;

        private static readonly string[] HostLibstdcxxCandidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/lib64/libstdc++.so.6",
        };

        /// <summary>True when the host's libstdc++ defines <see cref="Version"/>; null when no libstdc++ was found.</summary>
        public static bool? HostHasVersion()
        {
            foreach (var path in HostLibstdcxxCandidates)
            {
                if (File.Exists(path))
                {
                    return IndexOf(File.ReadAllBytes(path), Encoding.ASCII.GetBytes(Version + "\0")) >= 0;
                }
            }
            return null;
        }

        /// <summary>Rewrites <paramref name="path"/> in place (via a temporary file, so a hard-linked package cache
        /// copy is never modified). Idempotent.</summary>
        public static WeakenResult WeakenFile(string path, out IReadOnlyList<string> weakenedSymbols)
        {
            var image = File.ReadAllBytes(path);
            var result = Weaken(image, out weakenedSymbols);
            if (result == WeakenResult.Patched)
            {
                var temporary = path + ".weakening";
                File.WriteAllBytes(temporary, image);
                File.Delete(path);
                File.Move(temporary, path);
            }
            return result;
        }

        /// <summary>Patches an in-memory ELF64 little-endian image.</summary>
        public static WeakenResult Weaken(byte[] image, out IReadOnlyList<string> weakenedSymbols)
        {
            weakenedSymbols = Array.Empty<string>();
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F'
                || image[4] != 2 || image[5] != 1)
            {
                return WeakenResult.NotElf64;
            }

            var sectionTable = checked((int)U64(image, 0x28));
            int sectionSize = U16(image, 0x3A);
            int sectionCount = U16(image, 0x3C);
            Section? dynsym = null, verneed = null, versym = null;
            for (var i = 0; i < sectionCount; i++)
            {
                var section = Section.Read(image, sectionTable + i * sectionSize);
                switch (section.Type)
                {
                    case ShtDynsym: dynsym = section; break;
                    case ShtGnuVerneed: verneed = section; break;
                    case ShtGnuVersym: versym = section; break;
                }
            }
            if (dynsym == null || verneed == null || versym == null)
            {
                return WeakenResult.NoSuchNeed;
            }

            var strings = Section.Read(image, sectionTable + (int)dynsym.Link * sectionSize);
            var need = FindVersionNeed(image, verneed, strings);
            if (need < 0)
            {
                return WeakenResult.NoSuchNeed;
            }

            var flagsOffset = need + 4;
            var versionIndex = U16(image, need + 6);
            var changed = (U16(image, flagsOffset) & VerFlgWeak) == 0;
            PutU16(image, flagsOffset, (ushort)(U16(image, flagsOffset) | VerFlgWeak));

            var names = new List<string>();
            var symbolCount = (int)(dynsym.Size / 24);
            for (var i = 0; i < symbolCount; i++)
            {
                var versymOffset = (int)versym.Offset + i * 2;
                if ((U16(image, versymOffset) & 0x7fff) != versionIndex)
                {
                    continue;
                }
                var symbol = (int)dynsym.Offset + i * 24;
                image[symbol + 4] = (byte)((StbWeak << 4) | (image[symbol + 4] & 0x0f));
                PutU16(image, versymOffset, VersymGlobal);
                names.Add(ReadString(image, (int)strings.Offset + (int)U32(image, symbol)));
                changed = true;
            }
            weakenedSymbols = names;
            return changed ? WeakenResult.Patched : WeakenResult.AlreadyWeak;
        }

        /// <summary>Offset of the Vernaux entry naming <see cref="Version"/>, or -1.</summary>
        private static int FindVersionNeed(byte[] image, Section verneed, Section strings)
        {
            var entry = (int)verneed.Offset;
            for (var file = 0; file < verneed.Info; file++)
            {
                int auxCount = U16(image, entry + 2);
                var aux = entry + (int)U32(image, entry + 8);
                for (var j = 0; j < auxCount; j++)
                {
                    if (ReadString(image, (int)strings.Offset + (int)U32(image, aux + 8)) == Version)
                    {
                        return aux;
                    }
                    aux += (int)U32(image, aux + 12);
                }
                var next = U32(image, entry + 12);
                if (next == 0)
                {
                    break;
                }
                entry += (int)next;
            }
            return -1;
        }

        private sealed class Section
        {
            public uint Type;
            public long Offset;
            public long Size;
            public uint Link;
            public uint Info;

            public static Section Read(byte[] image, int at) => new Section
            {
                Type = U32(image, at + 4),
                Offset = (long)U64(image, at + 0x18),
                Size = (long)U64(image, at + 0x20),
                Link = U32(image, at + 0x28),
                Info = U32(image, at + 0x2C),
            };
        }

        private static ushort U16(byte[] b, int at) => (ushort)(b[at] | b[at + 1] << 8);
        private static uint U32(byte[] b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
        private static ulong U64(byte[] b, int at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;

        private static void PutU16(byte[] b, int at, ushort value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
        }

        private static string ReadString(byte[] b, int at)
        {
            var end = at;
            while (end < b.Length && b[end] != 0)
            {
                end++;
            }
            return Encoding.ASCII.GetString(b, at, end - at);
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            var first = needle[0];
            for (var i = Array.IndexOf(haystack, first); i >= 0 && i <= haystack.Length - needle.Length; i = Array.IndexOf(haystack, first, i + 1))
            {
                var match = true;
                for (var j = 1; j < needle.Length && match; j++)
                {
                    match = haystack[i + j] == needle[j];
                }
                if (match)
                {
                    return i;
                }
            }
            return -1;
        }
    }

#if !STREAMAE_ELF_TESTS
    /// <summary>MSBuild task: weakens the GLIBCXX_3.4.32 need of the given native files when the host lacks it.</summary>
    public class WeakenGlibcxxNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>auto (patch only when the host lacks the version), always, or never.</summary>
        public string Mode { get; set; } = "auto";

        public override bool Execute()
        {
            if (Mode == "never" || (Mode == "auto" && GlibcxxNeedWeakener.HostHasVersion() == true))
            {
                return true;
            }
            foreach (var item in Files)
            {
                var result = GlibcxxNeedWeakener.WeakenFile(item.ItemSpec, out var symbols);
                if (result == WeakenResult.Patched)
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        "StreamAe: weakened the {0} need of {1} (symbols: {2}) so it loads on this host's libstdc++.",
                        GlibcxxNeedWeakener.Version, item.ItemSpec, string.Join(", ", symbols));
                }
            }
            return true;
        }
    }
#endif
}
