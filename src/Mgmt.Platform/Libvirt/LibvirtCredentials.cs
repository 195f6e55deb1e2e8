using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Mgmt.Platform.Libvirt;

/// <summary>
/// A user name and password for hypervisors that ask for them (SASL on a remote daemon). libvirt asks through a
/// callback while the connection opens; this answers the name and passphrase prompts and nothing else.
/// </summary>
public sealed record LibvirtCredentials(string Username, string Password)
{
    // The password is a secret: keep it out of logs and graph printouts.
    public override string ToString() => $"{Username} (password hidden)";

    internal unsafe ConnectionHandle Open(string? uri)
    {
        var kinds = stackalloc int[] { LibvirtNative.CredAuthName, LibvirtNative.CredPassphrase };
        var self = GCHandle.Alloc(this);
        try
        {
            var auth = new LibvirtNative.VirConnectAuth
            {
                CredType = kinds,
                NCredType = 2,
                Callback = &Answer,
                CallbackData = (void*)GCHandle.ToIntPtr(self),
            };
            return LibvirtNative.virConnectOpenAuth(uri, &auth, 0);
        }
        finally
        {
            self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe int Answer(LibvirtNative.VirConnectCredential* credentials, uint count, void* data)
    {
        try
        {
            if (GCHandle.FromIntPtr((nint)data).Target is not LibvirtCredentials self) return -1;
            for (var i = 0; i < count; i++)
            {
                var text = credentials[i].Type switch
                {
                    LibvirtNative.CredAuthName => self.Username,
                    LibvirtNative.CredPassphrase => self.Password,
                    _ => null,
                };
                // A prompt this cannot answer fails the authentication rather than sending an empty answer.
                if (text is null) return -1;
                credentials[i].Result = CopyForLibvirt(text, out var length);
                credentials[i].ResultLen = length;
            }
            return 0;
        }
        catch (Exception)
        {
            return -1;
        }
    }

    // libvirt frees each answer with free(), so it must come from malloc (NativeMemory.Alloc is malloc on Linux).
    private static unsafe byte* CopyForLibvirt(string text, out uint length)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var copy = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(copy, bytes.Length));
        copy[bytes.Length] = 0;
        length = (uint)bytes.Length;
        return copy;
    }
}
