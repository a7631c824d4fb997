import FulcrumBalancing
import Testing

/// Known answers recorded from HAProxy 2.6.12 (`nbthread 1`, `mode http`, one fresh connection
/// per request) balancing the same keys over tiny HTTP backends on 127.0.0.1: which server got
/// each request, one digit per request. Fulcrum must pick the same servers.
@Suite struct HAProxyKnownAnswerTests {
  struct HashCase: CustomTestStringConvertible, Sendable {
    var name: String
    var choice: AlgorithmChoice
    var settings: HashSettings
    var servers: [ServerPool.Member]
    var inputs: [[UInt8]]
    var expected: String
    var allBackups = false
    var testDescription: String { name }
  }

  static let hashCases: [HashCase] = [
    HashCase(
      name: "uriMapSdbm", choice: .hash(.uri(URIKey())), settings: HashSettings(), servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "220322021103224211423114211422114210322014220322023220321421220211421114211422034211322032220322"
        + "031114211322034220322031220322421120311421144211421032211422032210322032140322021142321421142211"
        + "42113220"),
    HashCase(
      name: "uriMapDjb2Aval", choice: .hash(.uri(URIKey())),
      settings: HashSettings(method: .mapBased, function: .djb2, avalanche: true), servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "322102341221210443420022202311322110232111423124013201321321121122100332321324422122221220324430"
        + "332120422202413102420102201141221412321121320432110220020232213130402001313201323131122204122001"
        + "14122321"),
    HashCase(
      name: "uriMapWt6", choice: .hash(.uri(URIKey())), settings: HashSettings(method: .mapBased, function: .wt6),
      servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "142321410232321211432122212121442042220022123122001040221101111112130233120222120132411124122242"
        + "043342131221121102231314424201003011102202311124144141220210142422222122223243221224132221211133"
        + "34144230"),
    HashCase(
      name: "uriMapCrc32", choice: .hash(.uri(URIKey())), settings: HashSettings(method: .mapBased, function: .crc32),
      servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "230224114340223220112022312211111102432210243223112131124220421112402223022411434022322011113422"
        + "432011112022043420111132342243113202232204123220421122224323021102432134111111202204342011113222"
        + "13220224"),
    HashCase(
      name: "uriCons", choice: .hash(.uri(URIKey())), settings: HashSettings(method: .consistent),
      servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "132011202423411121003420224220110142324322121104303122114321212031220100012241210400301212122421"
        + "210142232202241224304212220200210040012304330110221221442200021222221100110224022224220224444423"
        + "22112212"),
    HashCase(
      name: "uriConsDjb2", choice: .hash(.uri(URIKey())), settings: HashSettings(method: .consistent, function: .djb2),
      servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "012000132002220212202114141022322232222422334223332231221122222023120230041100110111322213214304"
        + "144232221222412223120234224102212212201222011304113241241122241241430114311321003000001130011402"
        + "20204021"),
    HashCase(
      name: "uriConsWt6Aval", choice: .hash(.uri(URIKey())),
      settings: HashSettings(method: .consistent, function: .wt6, avalanche: true), servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "122031221000101244421312232421222212112111210010211112112201223212243121010210122031042204442122"
        + "102220222311322122212322212411140102042404221323010144222312300103010102012214143423213442114211"
        + "20241114"),
    HashCase(
      name: "uriConsCrc32", choice: .hash(.uri(URIKey())),
      settings: HashSettings(method: .consistent, function: .crc32), servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "110040212223222410021421120323143222402243024221211324402230222122411023031020130114304142024220"
        + "221210022122224332110202130242212220220144124323322300102120112302212303224000143212023002222041"
        + "11421211"),
    HashCase(
      name: "uriConsIds", choice: .hash(.uri(URIKey())), settings: HashSettings(method: .consistent),
      servers: Fixtures.explicitIdentifiers,
      inputs: Inputs.uris(200),
      expected: "430414214223111120013020201224113410321342124144004120101324202134224111012221201410341212142121"
        + "014112032242201204321212220222214410012012404010221421110202301222221121004220202222222221101203"
        + "22112012"),
    HashCase(
      name: "uriWhole", choice: .hash(.uri(URIKey(whole: true))), settings: HashSettings(),
      servers: Fixtures.weights12311,
      inputs: Inputs.uris(200),
      expected: "322244422231101111132330002210224442224423440223342133112333000111222000022240224411244411322123"
        + "301142223442111123331110111222111222402222222244111242133311133323340022322222202224222222224224"
        + "11212211"),
    HashCase(
      name: "uriLen", choice: .hash(.uri(URIKey(length: 6))), settings: HashSettings(), servers: Fixtures.weights12311,
      inputs: Inputs.directories(150),
      expected: "322121043201232212104320123221210432012322121043201232212104320123221210432012322121043201232212"
        + "104320123221210432012322121043201232212104320123221210"),
    HashCase(
      name: "uriDepth", choice: .hash(.uri(URIKey(depth: 1))), settings: HashSettings(), servers: Fixtures.weights12311,
      inputs: Inputs.directories(150),
      expected: "122340121222312234012122231223401212223122340121222312234012122231223401212223122340121222312234"
        + "012122231223401212223122340121222312234012122231223401"),
    HashCase(
      name: "uriDepth2Whole", choice: .hash(.uri(URIKey(whole: true, depth: 2))), settings: HashSettings(),
      servers: Fixtures.weights12311,
      inputs: Inputs.directories(150),
      expected: "222200002222122211112223223322223333111411114444122222220000222212221111222322332222333311141111"
        + "444412222222000022221222111122232233222233331114111144"),
    HashCase(
      name: "uriPathOnly", choice: .hash(.uri(URIKey(pathOnly: true))), settings: HashSettings(),
      servers: Fixtures.weights12311,
      inputs: Inputs.absolute(120),
      expected: "223401212223401212232234012122122340121221223401211212234012012122340140121223403401212234234012"
        + "122323401212232234012122"),
    HashCase(
      name: "uriAbsolute", choice: .hash(.uri(URIKey())), settings: HashSettings(), servers: Fixtures.weights12311,
      inputs: Inputs.absolute(120),
      expected: "121223401201212234014012122340340121223423401212232234012122122340121221223401211212234012012122"
        + "340121223401211212234012"),
    HashCase(
      name: "paramMap", choice: .hash(.urlParameter(URLParameterKey(name: "user"))), settings: HashSettings(),
      servers: Fixtures.weights12311,
      inputs: Inputs.parameters(150),
      expected: "022324102410221221122302230411141122324222410223022124112230313041122342232410220241024302112211"
        + "223022304112411223242124202230211221122304133411223022"),
    HashCase(
      name: "paramCons", choice: .hash(.urlParameter(URLParameterKey(name: "user"))),
      settings: HashSettings(method: .consistent), servers: Fixtures.weights12311,
      inputs: Inputs.parameters(150),
      expected: "214232233221112431202102121212223214222223213324033130013202220132134320222121213000122331202414"
        + "421420202110002122141010233232411233221022111313012223"),
    HashCase(
      name: "hostDomain", choice: .hash(.header(name: "host", HeaderKey(useDomainOnly: true))),
      settings: HashSettings(), servers: Fixtures.weights12311,
      inputs: Inputs.hosts(150),
      expected: "340123401234012340123401234012340123401234012340123401234012340123401234012340123401234012340123"
        + "401234012340123401234012340123401234012340123401234012"),
    HashCase(
      name: "hdrCons", choice: .hash(.header(name: "X-Key", HeaderKey())), settings: HashSettings(method: .consistent),
      servers: Fixtures.weights12311,
      inputs: Inputs.headerValues(150),
      expected: "232124312342012241000001004141124321223222312201202200013214122220002111301102114223110130201243"
        + "412120112120200212031222333112211101110232312014431010"),
    HashCase(
      name: "sourceMap", choice: .hash(.sourceAddress), settings: HashSettings(), servers: Fixtures.weights12311,
      inputs: Inputs.sources(150),
      expected: "121223401212234012122340121223401212234012122340121223401212234012122340121223401212234012122340"
        + "121223401212234012122340121223401212234012122340121223"),
    HashCase(
      name: "sourceCons", choice: .hash(.sourceAddress), settings: HashSettings(method: .consistent),
      servers: Fixtures.weights12311,
      inputs: Inputs.sources(150),
      expected: "121010222231421231123411421321122340411202143220222232241102214314223223042222422222424223034224"
        + "431230122112121114222110130242210121121243204033122222"),
    HashCase(
      name: "backupAllUri", choice: .hash(.uri(URIKey())), settings: HashSettings(), servers: Fixtures.backupsOnlyFour,
      inputs: Inputs.uris(60),
      expected: "221222121212223212322123212322123211222123221222122221222321", allBackups: true),
  ]

  @Test(arguments: hashCases) func hashAlgorithmsPickWhatHAProxyPicks(_ test: HashCase) {
    var algorithm = test.choice.makeAlgorithm(servers: test.servers, hash: test.settings, allBackups: test.allBackups)
    #expect(picks(&algorithm, keys: test.inputs) == test.expected)
  }

  /// `balance roundrobin`, weights 1, 2, 3: HAProxy repeats `212021`.
  @Test func roundRobin123() {
    var algorithm = RoundRobin(servers: Fixtures.weights(1, 2, 3))
    #expect(picks(&algorithm, count: 600) == String(repeating: "212021", count: 100))
  }

  /// Weights 5, 1, 3, 7, 2, a weight-0 server and a `disabled` one.
  @Test func roundRobinIrregularWeights() {
    var servers = Fixtures.weights(5, 1, 3, 7, 2, 0, 4)
    servers[6].isInitiallyUp = false
    var algorithm = RoundRobin(servers: servers)
    #expect(picks(&algorithm, count: 180) == String(repeating: "303203430230313204", count: 10))
  }

  @Test func staticRoundRobin() {
    var algorithm = StaticRoundRobin(servers: Fixtures.weights(1, 2, 3))
    #expect(picks(&algorithm, count: 60) == String(repeating: "021212", count: 10))
    var scaled = StaticRoundRobin(servers: Fixtures.weights(20, 40, 60))
    #expect(picks(&scaled, count: 60) == String(repeating: "021212", count: 10))
    var irregular = StaticRoundRobin(servers: Fixtures.weights(5, 1, 3, 7, 2, 0))
    #expect(picks(&irregular, count: 180) == String(repeating: "013023234030320334", count: 10))
  }

  /// Actives down, backups of weights 2 and 5: the first backup takes everything
  /// (`roundrobin`); with `option allbackups` they share by weight.
  @Test func backups() {
    let servers: [ServerPool.Member] = [
      .init(isInitiallyUp: false), .init(weight: 2, isBackup: true), .init(weight: 5, isBackup: true),
    ]
    var first = RoundRobin(servers: servers)
    #expect(picks(&first, count: 20) == String(repeating: "1", count: 20))
    var all = RoundRobin(servers: servers, allBackups: true)
    #expect(picks(&all, count: 21) == "222122122212212221221")
  }

  /// HAProxy 2.6's map-based algorithms (static-rr, map-based hashes) build the map for the
  /// single-backup case from every usable backup sized to the first one's weight, so with
  /// backups of weights 2 and 5 the second gets everything (it recorded `3333…` for static-rr
  /// and `2222…` for uri here). The manual says the first operational backup gets all traffic;
  /// Fulcrum follows the manual.
  @Test func mapBasedFirstBackupFollowsTheManual() {
    let servers: [ServerPool.Member] = [
      .init(isInitiallyUp: false), .init(isInitiallyUp: false), .init(weight: 2, isBackup: true),
      .init(weight: 5, isBackup: true),
    ]
    var staticRoundRobin = StaticRoundRobin(servers: servers)
    #expect(picks(&staticRoundRobin, count: 20) == String(repeating: "2", count: 20))
    var uri = HashBalancer(key: .uri(URIKey()), servers: Array(servers.dropFirst()))
    #expect(picks(&uri, keys: Inputs.uris(30)) == String(repeating: "1", count: 30))
  }
}
