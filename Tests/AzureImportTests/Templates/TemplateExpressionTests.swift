import Testing
import TopologyModel

@testable import AzureImport

/// The expression language, function by function: results, and the errors that name what
/// went wrong.
@Suite("Template expressions")
struct TemplateExpressionTests {
    func value(_ text: String, in template: String = "{}") throws -> String { try TemplateTesting.evaluate(text, in: template).json }

    @Test(
        "literals, escapes and the [[ escape",
        arguments: [
            ("[concat('it''s', ' ok')]", #""it's ok""#),
            ("[[not an expression]", #""[not an expression]""#),
            ("[x] y", #""[x] y""#),
            ("plain", #""plain""#),
            ("[add(-3, 5)]", "2"),
            ("[\n  concat(\n 'a',\n 'b')\n]", #""ab""#),
        ])
    func literals(_ text: String, _ expected: String) throws {
        #expect(try value(text) == expected)
    }

    @Test(
        "string functions",
        arguments: [
            ("[format('{0}-{1:D3}-{2}', 'a', 7, true())]", #""a-007-True""#),
            ("[format('{0:N0} {{x}} {1,4}|{2,-3}|', 8175133, 'ab', 'c')]", #""8,175,133 {x}   ab|c  |""#),
            ("[toLower('AbC')]", #""abc""#), ("[toUpper('AbC')]", #""ABC""#),
            ("[trim('  a b  ')]", #""a b""#),
            ("[replace('a-b-c', '-', '/')]", #""a/b/c""#),
            ("[split('/subscriptions/s/resourceGroups/g', '/')[2]]", #""s""#),
            ("[split('a,b;c', createArray(',', ';'))]", #"["a","b","c"]"#),
            ("[substring('hello', 1, 3)]", #""ell""#),
            ("[take('hello', 2)]", #""he""#), ("[skip('hello', 9)]", #""""#), ("[take('hello', -1)]", #""""#),
            ("[startsWith('Hello', 'he')]", "true"), ("[endsWith('Hello', 'LO')]", "true"),
            ("[indexOf('Hello', 'L')]", "2"), ("[lastIndexOf('Hello', 'l')]", "3"), ("[indexOf('Hello', 'z')]", "-1"),
            ("[contains('Hello', 'ell')]", "true"), ("[contains('Hello', 'ELL')]", "false"),
            ("[length('héllo')]", "5"), ("[first('abc')]", #""a""#), ("[last('abc')]", #""c""#),
            ("[padLeft('7', 3, '0')]", #""007""#),
            ("[string(createObject('a', 1, 'b', createArray(true(), 'x')))]", #""{\"a\":1,\"b\":[true,\"x\"]}""#),
            ("[base64ToString(base64('net'))]", #""net""#),
            ("[uri('https://x.org/a/b.json', 'c.json')]", #""https://x.org/a/c.json""#),
            ("[uriComponent('a b/c')]", #""a%20b%2Fc""#),
            ("[empty('')]", "true"), ("[empty(createArray())]", "true"), ("[empty(json('{}'))]", "true"),
        ])
    func strings(_ text: String, _ expected: String) throws {
        #expect(try value(text) == expected)
    }

    @Test(
        "array and object functions",
        arguments: [
            ("[concat(createArray(1, 2), createArray(3))]", "[1,2,3]"),
            ("[union(createArray(1, 2), createArray(2, 3))]", "[1,2,3]"),
            ("[intersection(createArray(1, 2, 3), createArray(3, 2))]", "[2,3]"),
            ("[union(json('{\"a\":{\"x\":1},\"b\":1}'), json('{\"a\":{\"y\":2}}'))]", #"{"a":{"x":1,"y":2},"b":1}"#),
            ("[range(5, 3)]", "[5,6,7]"),
            ("[first(createArray('p', 'q'))]", #""p""#), ("[last(createArray('p', 'q'))]", #""q""#),
            ("[skip(createArray(1, 2, 3), 1)]", "[2,3]"), ("[take(createArray(1, 2, 3), 9)]", "[1,2,3]"),
            ("[length(createArray(1, 2))]", "2"), ("[contains(createArray('a'), 'a')]", "true"),
            ("[contains(json('{\"Key\":1}'), 'key')]", "true"),
            ("[max(createArray(4, 9, 2))]", "9"), ("[min(4, 9, 2)]", "2"),
            ("[array('x')]", #"["x"]"#), ("[flatten(createArray(createArray(1), createArray(2, 3)))]", "[1,2,3]"),
            ("[items(json('{\"b\":2,\"a\":1}'))]", #"[{"key":"a","value":1},{"key":"b","value":2}]"#),
            ("[json('null')]", "null"), ("[json('[1, 2]')[1]]", "2"),
            ("[createObject('k', 'v').k]", #""v""#), ("[json('{\"a\":{\"b\":[7]}}').a.b[0]]", "7"),
            ("[tryGet(json('{\"a\":1}'), 'b')]", "null"),
            ("[coalesce(null(), '', 'x')]", #""""#),
        ])
    func collections(_ text: String, _ expected: String) throws {
        #expect(try value(text) == expected)
    }

    @Test(
        "logical, comparison and numeric functions",
        arguments: [
            ("[and(true(), not(false()))]", "true"), ("[or(false(), false())]", "false"),
            ("[if(equals(1, 1), 'y', 'n')]", #""y""#),
            ("[equals(createArray(1, 'a'), createArray(1, 'a'))]", "true"), ("[equals('a', 'A')]", "false"),
            ("[greater('A', 'a')]", "true"), ("[less(2, 10)]", "true"), ("[greaterOrEquals(3, 3)]", "true"), ("[lessOrEquals('b', 'a')]", "false"),
            ("[add(2, 3)]", "5"), ("[sub(2, 3)]", "-1"), ("[mul(4, 3)]", "12"), ("[div(7, 2)]", "3"), ("[mod(7, 2)]", "1"),
            ("[int('42')]", "42"), ("[bool('TRUE')]", "true"),
        ])
    func logic(_ text: String, _ expected: String) throws {
        #expect(try value(text) == expected)
    }

    @Test("if evaluates only the branch it takes")
    func lazyIf() throws {
        #expect(try value("[if(true(), 'safe', substring('x', 5, 1))]") == #""safe""#)
        #expect(try value("[if(false(), parameters('missing'), 'b')]") == #""b""#)
    }

    @Test(
        "lambda functions",
        arguments: [
            ("[filter(createArray(1, 2, 3, 4), lambda('n', greater(lambdaVariables('n'), 2)))]", "[3,4]"),
            ("[map(createArray(1, 2), lambda('n', mul(lambdaVariables('n'), 10)))]", "[10,20]"),
            ("[reduce(createArray(1, 2, 3), 0, lambda('acc', 'n', add(lambdaVariables('acc'), lambdaVariables('n'))))]", "6"),
            ("[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", "[1,2,3]"),
            ("[toObject(createArray('a', 'b'), lambda('k', lambdaVariables('k')), lambda('k', length(lambdaVariables('k'))))]", #"{"a":1,"b":1}"#),
        ])
    func lambdas(_ text: String, _ expected: String) throws {
        #expect(try value(text) == expected)
    }

    @Test(
        "CIDR functions, IPv4 and IPv6",
        arguments: [
            (
                "[parseCidr('10.144.0.0/20')]",
                #"{"network":"10.144.0.0","netmask":"255.255.240.0","broadcast":"10.144.15.255","firstUsable":"10.144.0.1","lastUsable":"10.144.15.254","cidr":20}"#
            ),
            (
                "[parseCidr('fdad:3236:5555::/48')]",
                #"{"network":"fdad:3236:5555::","netmask":"ffff:ffff:ffff::","firstUsable":"fdad:3236:5555::","lastUsable":"fdad:3236:5555:ffff:ffff:ffff:ffff:ffff","cidr":48}"#
            ),
            ("[cidrSubnet('10.144.0.0/20', 24, 3)]", #""10.144.3.0/24""#),
            ("[cidrSubnet('fdad:3236:5555::/48', 52, 1)]", #""fdad:3236:5555:1000::/52""#),
            ("[cidrHost('10.144.3.0/24', 0)]", #""10.144.3.1""#),
            ("[cidrHost('10.144.3.0/24', 253)]", #""10.144.3.254""#),
            ("[cidrHost('fdad:3236:5555:3000::/52', 0)]", #""fdad:3236:5555:3000::1""#),
        ])
    func cidr(_ text: String, _ expected: String) throws {
        #expect(try value(text) == expected)
    }

    /// uniqueString values printed by Bicep for these arguments; guid values are RFC 4122
    /// version 5 UUIDs in ARM's namespace, as Python's `uuid.uuid5` computes them.
    @Test(
        "uniqueString and guid as Azure computes them",
        arguments: [
            ("[uniqueString('test')]", #""rbgf3xv4ufgzg""#),
            ("[uniqueString('hello', 'world')]", #""a7wkljktk6wne""#),
            ("[uniqueString('abc')]", #""cgtzqvhu4i23s""#),
            ("[uniqueString('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg')]", #""bmg7c6xu4tw46""#),
            ("[uniqueString('foo', 'bar', 'baz')]", #""xzi4ioaxtmth4""#),
            ("[guid('a')]", #""3703365d-5a9f-59b4-bca7-b9681389e4c1""#),
            ("[guid('a', 'b')]", #""2d796349-8c7e-55ec-9624-54ece82ed031""#),
        ])
    func hashes(_ text: String, _ expected: String) throws {
        #expect(try value(text) == expected)
    }

    @Test("deployment context: subscription, resource group, deployment, environment")
    func context() throws {
        #expect(try value("[subscription().id]") == #""/subscriptions/00000000-0000-0000-0000-000000000000""#)
        #expect(try value("[resourceGroup().name]") == #""template-rg""#)
        #expect(try value("[resourceGroup().location]") == #""westeurope""#)
        #expect(try value("[deployment().name]") == #""test""#)
        #expect(try value("[environment().suffixes.storage]") == #""core.windows.net""#)
    }

    @Test(
        "the resourceId family",
        arguments: [
            (
                "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')]",
                #""/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template-rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s""#
            ),
            (
                "[resourceId('other', 'Microsoft.Network/virtualNetworks', 'v')]",
                #""/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/providers/Microsoft.Network/virtualNetworks/v""#
            ),
            (
                "[resourceId('sub', 'rg', 'Microsoft.Storage/storageAccounts/', 'st')]",
                #""/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st""#
            ),
            (
                "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v/s')]",
                #""/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template-rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s""#
            ),
            (
                "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg')]",
                #""/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Resources/resourceGroups/rg""#
            ),
            ("[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]", #""/providers/Microsoft.Management/managementGroups/mg""#),
            (
                "[extensionResourceId('/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v', 'Microsoft.Authorization/locks', 'l')]",
                #""/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/providers/Microsoft.Authorization/locks/l""#
            ),
        ])
    func resourceIDs(_ text: String, _ expected: String) throws {
        #expect(try value(text) == expected)
    }

    @Test("parameters, variables and user-defined functions")
    func names() throws {
        let template = """
            {
              "parameters": {"Prefix": {"type": "string", "defaultValue": "[concat('10.', variables('second'), '.0.0/16')]"}},
              "variables": {"second": "[string(add(1, 1))]", "spoke": "[concat('spoke-', toUpper(parameters('prefix')))]",
                            "copy": [{"name": "subnets", "count": 2, "input": "[cidrSubnet(parameters('prefix'), 24, copyIndex('subnets'))]"}]},
              "functions": [{"namespace": "net", "members": {"name": {"parameters": [{"name": "n", "type": "string"}],
                             "output": {"type": "string", "value": "[concat('snet-', parameters('n'))]"}}}}]
            }
            """
        #expect(try value("[parameters('PREFIX')]", in: template) == #""10.2.0.0/16""#)
        #expect(try value("[variables('Spoke')]", in: template) == #""spoke-10.2.0.0/16""#)
        #expect(try value("[variables('subnets')]", in: template) == #"["10.2.0.0/24","10.2.1.0/24"]"#)
        #expect(try value("[net.name('web')]", in: template) == #""snet-web""#)
        #expect(TemplateTesting.failure("[net.name()]", in: template)?.contains("takes 1 argument") == true)
    }

    @Test("deploy-time values are symbolic, and what reads them becomes symbolic too")
    func symbolic() throws {
        let address = try TemplateTesting.evaluate("[reference(resourceId('Microsoft.Network/publicIPAddresses', 'pip')).ipAddress]")
        #expect(SymbolicValue.isSymbolic(address))
        #expect(address.stringValue?.contains("reference(resourceId('Microsoft.Network/publicIPAddresses', 'pip')).ipAddress") == true)
        #expect(SymbolicValue.isSymbolic(try TemplateTesting.evaluate("[concat(listKeys('x', '1').keys[0].value, '-k')]")))
        #expect(SymbolicValue.isSymbolic(try TemplateTesting.evaluate("[length(utcNow())]")))
        #expect(SymbolicValue.isSymbolic(try TemplateTesting.evaluate("[newGuid()]")))
    }

    @Test(
        "errors name the function, the argument and what was found",
        arguments: [
            ("[frobnicate(1)]", "unknown template function 'frobnicate'"),
            ("[contoso.missing()]", "unknown template function 'contoso.missing'"),
            ("[concat('a', createArray(1))]", "concat(): argument 2 is an array among strings"),
            ("[substring('abc', 2, 5)]", "substring(): start 2 and length 5 do not lie within the string, which has 3 characters"),
            ("[add(1, 'x')]", "add(): argument 2 must be an integer, found a string"),
            ("[div(1, 0)]", "div(): division by zero"),
            ("[parameters('nope')]", "parameters('nope'): the template declares no such parameter"),
            ("[variables('nope')]", "variables('nope'): the template declares no such variable"),
            ("[copyIndex()]", "copyIndex(): this value is in no copy loop"),
            ("[createArray(1)[3]]", "index 3 is out of range: createArray(1) has 1 item"),
            ("[json('{x')]", "json(): the text is not JSON"),
            ("[format('{1}', 'a')]", "format(): '{1}' names argument 1, but 1 was given"),
            (
                "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v')]",
                "resourceId(): type Microsoft.Network/virtualNetworks/subnets needs 2 names, given 1"
            ),
            ("[cidrSubnet('10.0.0.0/16', 8, 0)]", "cidrSubnet(): the new prefix length 8 must lie between 16 and 32"),
            ("[concat('a']", "cannot parse the expression"),
            ("[foo]", "'foo' is not followed by '('"),
        ])
    func errors(_ text: String, _ expected: String) {
        let message = TemplateTesting.failure(text)
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
    }

    @Test("a failing expression is placed: file, pointer and the expression's text")
    func placed() throws {
        let scope = try TemplateTesting.scope()
        var evaluator = Evaluator(scope: scope)
        #expect(throws: TemplateError.self) { try evaluator.tree(.string("[bogus()]"), pointer: "/resources/0/name", offset: -1) }
        do {
            _ = try evaluator.tree(.string("[bogus()]"), pointer: "/resources/0/name", offset: -1)
        } catch {
            #expect(error.diagnostic?.file == "test.json")
            #expect(error.diagnostic?.pointer == "/resources/0/name")
            #expect(error.message == "unknown template function 'bogus' (in [bogus()])")
        }
    }
}
