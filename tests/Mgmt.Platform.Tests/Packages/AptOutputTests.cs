using Mgmt.Platform.Packages;

namespace Mgmt.Platform.Tests.Packages;

public sealed class AptOutputTests
{
    [Fact]
    public void Reads_package_policies_with_installed_and_candidate_versions_and_their_sources()
    {
        const string output = """
            hello:
              Installed: (none)
              Candidate: 2.10-3
              Version table:
                 2.10-3 500
                    500 http://deb.debian.org/debian bookworm/main amd64 Packages
            mail-transport-agent:
              Installed: (none)
              Candidate: (none)
              Version table:
            libc6:
              Installed: 2.36-9+deb12u14
              Candidate: 2.36-9+deb12u14
              Version table:
             *** 2.36-9+deb12u14 500
                    500 http://deb.debian.org/debian bookworm/main amd64 Packages
                    100 /var/lib/dpkg/status
                 2.36-9+deb12u7 500
                    500 http://deb.debian.org/debian-security bookworm-security/non-free amd64 Packages
            """;
        var policies = AptPolicyParser.ParsePackages(output);
        Assert.Equal(3, policies.Count);
        Assert.Null(policies["hello"].Installed);
        Assert.Equal("2.10-3", policies["hello"].Candidate);
        Assert.True(policies["hello"].Find("2.10-3")!.IsDownloadable);
        Assert.Null(policies["mail-transport-agent"].Candidate);
        Assert.Empty(policies["mail-transport-agent"].Versions);

        var libc = policies["libc6"];
        Assert.Equal(["2.36-9+deb12u14", "2.36-9+deb12u7"], libc.Versions.Select(v => v.Version));
        Assert.True(libc.Versions[0].IsInstalled);
        Assert.Equal(2, libc.Versions[0].Sources.Count);
        Assert.True(libc.Versions[0].Sources[1].IsDpkgStatus);
        Assert.Equal("main", libc.Versions[0].Sources[0].Component);
        Assert.Equal("non-free", libc.Versions[1].Sources[0].Component);
    }

    [Fact]
    public void Reads_the_release_of_each_package_list()
    {
        const string output = """
            Package files:
             100 /var/lib/dpkg/status
                 release a=now
             500 http://deb.debian.org/debian bookworm/main amd64 Packages
                 release v=12.15,o=Debian,a=oldstable,n=bookworm,l=Debian,c=main,b=amd64
                 origin deb.debian.org
             500 file:/srv/repo ./ Packages
            Pinned packages:
            """;
        var releases = AptPolicyParser.ParseReleases(output);
        var debian = releases["http://deb.debian.org/debian bookworm/main amd64 Packages"];
        Assert.Equal(("Debian", "main", "oldstable"), (debian.Origin, debian.Component, debian.Archive));
        Assert.Equal("", releases["file:/srv/repo ./ Packages"].Origin);
        Assert.Equal(3, releases.Count);
    }

    [Fact]
    public void Reads_a_simulated_plan()
    {
        const string output = """
            Reading package lists...
            The following packages will be REMOVED:
              fakeroot libfakeroot
            Inst hello (2.10-3 Debian:12.15/oldstable [amd64])
            Inst libc6 [2.36-9+deb12u7] (2.36-9+deb12u14 Debian:12.15/oldstable [amd64]) []
            Remv fakeroot [1.31-1.2]
            Purg libfakeroot:amd64 [1.31-1.2]
            Conf hello (2.10-3 Debian:12.15/oldstable [amd64])
            """;
        var plan = AptPlanParser.Parse(output);
        Assert.Equal(4, plan.Count);
        Assert.Equal(new AptAction(AptActionKind.Install, "hello", null, "2.10-3"), plan[0]);
        Assert.Equal(new AptAction(AptActionKind.Install, "libc6", "2.36-9+deb12u7", "2.36-9+deb12u14"), plan[1]);
        Assert.Equal(new AptAction(AptActionKind.Remove, "fakeroot", "1.31-1.2", null), plan[2]);
        Assert.Equal("libfakeroot", plan[3].BaseName);
    }

    [Fact]
    public void Names_the_package_and_the_reason_for_each_kind_of_failure()
    {
        const string output = """
            Reading package lists...
            E: Unable to locate package nosuchpkg
            E: Version '1.0' for 'hello' was not found
            E: Package 'mail-transport-agent' has no installation candidate
            """;
        var problems = AptProblemParser.Parse(output);
        Assert.Equal(["nosuchpkg", "hello", "mail-transport-agent"], problems.Select(p => p.Package));
        Assert.Contains("apt-get update", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("version 1.0", problems[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Collects_unmet_dependencies_per_package()
    {
        const string output = """
            The following packages have unmet dependencies:
             apt : Depends: adduser but it is not going to be installed
                   Depends: gpgv but it is not going to be installed or
                            gpgv2 but it is not going to be installed
             base-files : PreDepends: awk
            E: Error, pkgProblemResolver::Resolve generated breaks, this may be caused by held packages.
            """;
        var problems = AptProblemParser.Parse(output);
        Assert.Equal(2, problems.Count);
        Assert.Equal("apt", problems[0].Package);
        Assert.Contains("Depends: adduser", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("gpgv2", problems[0].Reason, StringComparison.Ordinal);
        Assert.Equal("base-files", problems[1].Package);
    }

    [Fact]
    public void Names_packages_whose_maintainer_scripts_or_downloads_failed()
    {
        const string output = """
            Setting up broken-demo (1.0) ...
            oops
            dpkg: error processing package broken-demo (--configure):
             installed broken-demo package post-installation script subprocess returned error exit status 3
            dpkg: error processing archive /var/cache/apt/archives/bad_2.0_all.deb (--unpack):
             trying to overwrite '/usr/bin/x', which is also in package other 1.0
            Errors were encountered while processing:
             broken-demo
            E: Failed to fetch http://deb.debian.org/debian/pool/main/h/hello/hello_2.10-3_amd64.deb  404  Not Found [IP: 1.2.3.4 80]
            E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 42 (apt-get)
            E: Packages were downgraded and -y was used without --allow-downgrades.
            E: Sub-process /usr/bin/dpkg returned an error code (1)
            E: Something new
            """;
        var problems = AptProblemParser.Parse(output);
        Assert.Equal("broken-demo", problems[0].Package);
        Assert.Contains("could not configure it", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("exit status 3", problems[0].Reason, StringComparison.Ordinal);
        Assert.Equal("bad", problems[1].Package);
        Assert.Contains("overwrite", problems[1].Reason, StringComparison.Ordinal);
        Assert.Equal("hello", problems[2].Package);
        Assert.Contains("404", problems[2].Reason, StringComparison.Ordinal);
        Assert.Contains("lock", problems[3].Reason, StringComparison.Ordinal);
        Assert.Contains("allowdowngrade", problems[4].Reason, StringComparison.Ordinal);
        Assert.Equal("Something new", problems[5].Reason);
        Assert.Equal(6, problems.Count);
    }
}
