# mgmt's Puppet helper: applies single resources with Puppet's own types and providers.
#
# mgmt starts this once (with Puppet's own ruby) and keeps it running: each line on stdin is one request, a JSON
# object {"id", "op" ("check" or "apply"), "refresh", "type", "title", "params"}; each answer is one JSON line
# on the original stdout: {"id", "ok", "in_sync", "changed", "error", "logs"}. Everything else the providers
# print goes to stderr, so that it cannot break the protocol. The arguments are Puppet settings
# (--config FILE, --modulepath PATH, ...), as `puppet apply` takes them.
require 'json'
require 'puppet'

answers = $stdout.dup
answers.sync = true
$stdout.reopen($stderr)
# Commands that providers start must not share the request pipe (nor read from it).
requests = $stdin.dup
$stdin.reopen(File::NULL)

# Collects Puppet's log messages during one request, to send them back with the answer. It is the only log
# destination, installed once: without one, Puppet would queue every message for ever.
class MgmtLogCollector
  def initialize
    @messages = []
  end

  def take
    taken = @messages
    @messages = []
    taken
  end

  def handle(msg)
    @messages << { 'level' => msg.level.to_s, 'source' => msg.source.to_s, 'message' => msg.to_s }
  end
end

Puppet::Util::Log.newdesttype :mgmt_collector do
  match 'MgmtLogCollector'

  def initialize(collector)
    @collector = collector
  end

  def handle(msg)
    @collector.handle(msg)
  end
end

def mgmt_environment
  # The environment `puppet apply` would use, so that types, providers and puppet:/// files come from its modules.
  name = Puppet[:environment].to_sym
  env = Puppet.lookup(:environments).get(name)
  env || Puppet::Node::Environment.create(name, Puppet[:basemodulepath].split(File::PATH_SEPARATOR))
end

def mgmt_apply(request, env)
  type = Puppet::Type.type(request['type'])
  raise "Puppet has no resource type '#{request['type']}' (is the module that provides it in the module path?)" if type.nil?
  check_only = request['op'] == 'check'
  params = Puppet::Pops::Serialization::FromDataConverter.convert(request['params'] || {})
  params['noop'] = true if check_only
  resource = Puppet::Resource.new(type.name, request['title'], parameters: params)
  catalog = Puppet::Resource::Catalog.new('mgmt-helper', env)
  catalog.add_resource(resource)
  ral = catalog.to_ral
  # As under `puppet apply`: Puppet honours noop only for such a catalog (and keeps its state file for it).
  ral.host_config = true
  report = Puppet::Transaction::Report.new(nil, env.name)
  ral.apply(report: report)
  target = ral.resource(resource.ref)
  status = report.resource_statuses[target.ref]
  raise "Puppet did not report on #{target.ref}" if status.nil?
  return { 'ok' => false, 'error' => 'Puppet failed to apply it' } if status.failed

  refreshed = false
  if request['refresh'] && !check_only && target.respond_to?(:refresh)
    # A start that just happened makes a restart needless, as in a `puppet apply` transaction.
    unless status.events.any? { |e| e.invalidate_refreshes }
      target.refresh
      refreshed = true
    end
  end
  in_sync = !status.out_of_sync && !(check_only && request['refresh'] && target.respond_to?(:refresh))
  { 'ok' => true, 'in_sync' => in_sync, 'changed' => status.changed || refreshed }
end

begin
  Puppet.initialize_settings(ARGV)
  # puppet:///modules/... sources are read from the module path, as under `puppet apply`.
  Puppet[:default_file_terminus] = :file_server
  env = mgmt_environment
  Puppet.push_context({ current_environment: env, loaders: Puppet::Pops::Loaders.new(env) }, 'mgmt helper')
rescue Exception => e
  answers.puts(JSON.generate({ 'ready' => false, 'error' => "Puppet could not start: #{e.message}" }))
  exit 1
end
logs = MgmtLogCollector.new
Puppet::Util::Log.newdestination(logs)
answers.puts(JSON.generate({ 'ready' => true, 'puppet' => Puppet.version }))

while (line = requests.gets)
  next if line.strip.empty?
  id = nil
  logs.take
  begin
    request = JSON.parse(line)
    id = request['id']
    answer = mgmt_apply(request, env)
  rescue Exception => e
    answer = { 'ok' => false, 'error' => e.message }
  end
  messages = logs.take
  errors = messages.select { |m| %w[err alert emerg crit].include?(m['level']) }.map { |m| m['message'] }
  if !answer['ok'] && !errors.empty?
    answer['error'] = ([answer['error']] + errors).compact.uniq.join('; ')
  end
  answer['id'] = id
  answer['logs'] = messages
  answers.puts(JSON.generate(answer))
end
