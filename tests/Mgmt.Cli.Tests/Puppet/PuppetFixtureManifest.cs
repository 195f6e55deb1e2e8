namespace Mgmt.Cli.Tests.Puppet;

/// <summary>
/// A manifest with two modules that uses what Puppet users use: classes with parameters, a defined type, ERB and EPP
/// templates, puppet:/// sources (a file and a purged tree), every relationship form (require, before, notify,
/// subscribe, the four arrows, containment through Class[]), refreshonly execs, guards, a notify, hosts, a type with
/// no native kind (tidy) and an attribute with no native equivalent (replace => false). Every exec appends its name to
/// ROOT/log, so a run's refreshes can be compared. ROOT comes from the fact <c>root</c> (<c>FACTER_root</c>).
/// </summary>
internal static class PuppetFixtureManifest
{
    /// <summary>Writes site.pp and the modules under <paramref name="dir"/>; returns the manifest's path.</summary>
    public static string Write(string dir)
    {
        void Put(string path, string text)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        Put("modules/web/manifests/init.pp", """
            class web($port = 8080) {
              file { "${::root}/web": ensure => directory, mode => '0750' }
              file { "${::root}/web/web.conf":
                ensure  => file,
                content => template('web/web.conf.erb'),
                mode    => '0640',
                notify  => Exec['reload-web'],
              }
              file { "${::root}/web/motd": content => epp('web/motd.epp', { 'name' => 'mgmt' }) }
              file { "${::root}/web/conf.d":
                ensure  => directory,
                source  => 'puppet:///modules/web/conf.d',
                recurse => true,
                purge   => true,
              }
              file { "${::root}/web/logo.txt": source => 'puppet:///modules/web/logo.txt', mode => '0600' }
              exec { 'reload-web':
                command     => "/bin/echo reload-web >> ${::root}/log",
                refreshonly => true,
              }
              web::vhost { ['a', 'b']: }
            }

            """);
        Put("modules/web/manifests/vhost.pp", """
            define web::vhost($root = $::root) {
              file { "${root}/web/vhost-${title}": content => "vhost ${title}\n", require => File["${root}/web"] }
              ~> exec { "vhost-${title}":
                command     => "echo vhost-${title} >> ${root}/log",
                path        => ['/bin', '/usr/bin'],
                refreshonly => true,
              }
            }

            """);
        Put("modules/web/templates/web.conf.erb", "port = <%= @port %>\nroot = <%= scope['::root'] %>\n");
        Put("modules/web/templates/motd.epp", "<%- | String $name | -%>\nWelcome to <%= $name %>\n");
        Put("modules/web/files/logo.txt", "the logo\n");
        Put("modules/web/files/conf.d/one.conf", "one\n");
        Put("modules/web/files/conf.d/two.conf", "two\n");
        Put("modules/base/manifests/init.pp", """
            class base {
              file { "${::root}/base": ensure => directory }
              file { "${::root}/base/a": content => "a\n" }
              file { "${::root}/base/link": ensure => link, target => "${::root}/base/a" }
              file { "${::root}/base/gone": ensure => absent }
              host { 'db.example': ip => '10.0.0.5', host_aliases => ['db'], target => "${::root}/hosts" }
              host { 'old.example': ensure => absent, target => "${::root}/hosts" }
            }

            """);
        Put("site.pp", """
            file { $::root: ensure => directory }
            class { 'base': require => File[$::root] }
            class { 'web': port => 9090, require => Class['base'] }
            exec { 'after-web':
              command => "/bin/echo after-web >> ${::root}/log",
              unless  => "/bin/grep -q after-web ${::root}/log",
              require => Class['web'],
            }
            exec { 'first': command => "/bin/echo first >> ${::root}/log", creates => "${::root}/first-done" }
            -> exec { 'first-done': command => "/usr/bin/touch ${::root}/first-done" }
            notify { 'hello': message => 'hello from puppet' }
            ~> exec { 'on-notify': command => "/bin/echo on-notify >> ${::root}/log", refreshonly => true }
            Class['base'] ~> exec { 'base-changed': command => "/bin/echo base-changed >> ${::root}/log", refreshonly => true }
            exec { 'never': command => "/bin/echo never >> ${::root}/log", refreshonly => true }
            exec { 'subscriber': command => "/bin/echo subscriber >> ${::root}/log", refreshonly => true, subscribe => File["${::root}/base/a"] }
            exec { 'before-it': command => "/bin/echo before-it >> ${::root}/log", before => Exec['subscriber'] }
            exec { 'req': command => "/bin/echo req >> ${::root}/log", onlyif => '/bin/true' }
            Exec['req'] <- exec { 'req-first': command => "/bin/echo req-first >> ${::root}/log", unless => '/bin/false' }
            File["${::root}/base/a"] <~ exec { 'pre': command => "/bin/echo pre >> ${::root}/log", creates => "${::root}/nope" }
            tidy { "${::root}/junk": recurse => true, matches => ['*.tmp'] }
            file { "${::root}/keep.txt": content => "managed\n", replace => false }

            """);
        return Path.Combine(dir, "site.pp");
    }

    /// <summary>The state before a run: things to tidy, purge, remove and keep.</summary>
    public static void Prepare(string root)
    {
        Directory.CreateDirectory(root + "/junk");
        Directory.CreateDirectory(root + "/base");
        Directory.CreateDirectory(root + "/web/conf.d");
        File.WriteAllText(root + "/junk/x.tmp", "x\n");
        File.WriteAllText(root + "/junk/y.txt", "y\n");
        File.WriteAllText(root + "/keep.txt", "user content\n");
        File.WriteAllText(root + "/base/gone", "gone\n");
        File.WriteAllText(root + "/hosts", "10.1.1.1\told.example\n127.0.0.1 localhost\n");
        File.WriteAllText(root + "/web/conf.d/extra.conf", "extra\n");
    }
}
