using System.Text;
using Mgmt.Cli.Deploys;

namespace Mgmt.Cli.Tests.Deploys;

/// <summary>Signatures of deploy records with keys made by gpg: signed by our code or by gpg, checked by our code.</summary>
public sealed class SignatureTests
{
    private static readonly byte[] Record = Encoding.UTF8.GetBytes("mgmt-deploy 1\nid 1\nparent 0\n");

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa3072")]
    public void A_key_file_made_by_gpg_signs_and_its_public_key_verifies(string algorithm)
    {
        GpgHome.RequireGpg();
        using var gpg = new GpgHome();
        var fingerprint = gpg.CreateKey("admin@example.invalid", algorithm);
        var secret = gpg.ExportSecret("admin@example.invalid", Path.Combine(gpg.Directory, "secret.asc"));
        var trust = TrustStore.Load(gpg.ExportPublic("admin@example.invalid", Path.Combine(gpg.Directory, "public.asc")));

        var signature = DeploySignatures.SignWithKeyFile(Record, secret, passphrase: null);

        Assert.Equal(fingerprint[^16..], trust.Verify(Record, signature));
        // gpg itself agrees that it is a good signature.
        var data = Path.Combine(gpg.Directory, "record");
        File.WriteAllBytes(data, Record);
        File.WriteAllText(data + ".asc", signature);
        Assert.Contains("GOODSIG", gpg.Run("--batch", "--status-fd", "1", "--verify", data + ".asc", data));
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa3072")]
    public void A_signature_made_by_gpg_verifies(string algorithm)
    {
        GpgHome.RequireGpg();
        using var gpg = new GpgHome();
        gpg.CreateKey("admin@example.invalid", algorithm);
        var trust = TrustStore.Load(gpg.ExportPublic("admin@example.invalid", Path.Combine(gpg.Directory, "public.asc")));
        var signature = gpg.DetachSign("admin@example.invalid", Record);
        Assert.NotNull(trust.Verify(Record, signature));
    }

    [Fact]
    public void Changed_data_unsigned_data_and_another_key_are_refused_with_the_reason()
    {
        GpgHome.RequireGpg();
        using var gpg = new GpgHome();
        gpg.CreateKey("admin@example.invalid");
        gpg.CreateKey("intruder@example.invalid");
        var trust = TrustStore.Load(gpg.ExportPublic("admin@example.invalid", Path.Combine(gpg.Directory, "public.asc")));
        var good = DeploySignatures.SignWithKeyFile(Record, gpg.ExportSecret("admin@example.invalid", Path.Combine(gpg.Directory, "a.asc")), null);
        var other = DeploySignatures.SignWithKeyFile(Record, gpg.ExportSecret("intruder@example.invalid", Path.Combine(gpg.Directory, "i.asc")), null);

        var changed = Record.Concat("file x\n"u8.ToArray()).ToArray();
        Assert.Contains("does not match", Assert.Throws<DeployException>(() => trust.Verify(changed, good)).Message);
        Assert.Contains("not signed", Assert.Throws<DeployException>(() => trust.Verify(Record, null)).Message);
        Assert.Contains("not in the trust store", Assert.Throws<DeployException>(() => trust.Verify(Record, other)).Message);
        Assert.Contains("cannot be read", Assert.Throws<DeployException>(() => trust.Verify(Record, "-----BEGIN PGP SIGNATURE-----\n\nnonsense\n-----END PGP SIGNATURE-----\n")).Message);
    }

    [Fact]
    public void A_trust_directory_holds_several_keys_and_a_bad_file_is_a_clear_error()
    {
        GpgHome.RequireGpg();
        using var gpg = new GpgHome();
        gpg.CreateKey("one@example.invalid");
        gpg.CreateKey("two@example.invalid", "rsa3072");
        var dir = Directory.CreateDirectory(Path.Combine(gpg.Directory, "trust")).FullName;
        gpg.ExportPublic("one@example.invalid", Path.Combine(dir, "one.asc"));
        gpg.ExportPublic("two@example.invalid", Path.Combine(dir, "two.asc"));
        Assert.Equal(2, TrustStore.Load(dir).Fingerprints.Count());

        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a key");
        Assert.Contains("notes.txt", Assert.Throws<DeployException>(() => TrustStore.Load(dir)).Message);
        Assert.Contains("no such file", Assert.Throws<DeployException>(() => TrustStore.Load(Path.Combine(dir, "absent"))).Message);
    }
}
