"""A Virtual WAN estate for spot measurements (docs/performance.md, "Virtual WAN"): N spokes of
four /24 subnets with two NICs each and an NSG of ten rules, spread over four hubs of one
Standard WAN; every hub has an AZFW_Hub firewall, every other one routing intent for private
and Internet traffic. Usage: python3 vwan-estate.py N OUT.json. lateral-bench has no vWAN shape
yet; this stands in for it until it does."""
import json, sys
N=int(sys.argv[1]); out=sys.argv[2]
S="/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network"
regions=["westeurope","northeurope","eastus","westus"]
items=[{"id":f"{S}/virtualWans/wan","name":"wan","type":"Microsoft.Network/virtualWans","location":"westeurope","properties":{"type":"Standard"}}]
pol=f"{S}/firewallPolicies/pol"
items.append({"id":pol,"name":"pol","type":"Microsoft.Network/firewallPolicies","location":"westeurope","properties":{"sku":{"tier":"Standard"}}})
items.append({"id":pol+"/ruleCollectionGroups/g","name":"g","type":"Microsoft.Network/firewallPolicies/ruleCollectionGroups","properties":{"priority":100,"ruleCollections":[
 {"ruleCollectionType":"FirewallPolicyFilterRuleCollection","name":"east-west","priority":100,"action":{"type":"Allow"},"rules":[
  {"ruleType":"NetworkRule","name":f"r{i}","ipProtocols":["TCP"],"sourceAddresses":[f"10.{i%200}.0.0/16"],"destinationAddresses":[f"10.{(i*7)%200}.0.0/16"],"destinationPorts":[str(8000+i)]} for i in range(50)]+[
  {"ruleType":"NetworkRule","name":"web","ipProtocols":["TCP"],"sourceAddresses":["10.0.0.0/8"],"destinationAddresses":["*"],"destinationPorts":["443"]}]}]}})
for r,loc in enumerate(regions):
    hub=f"{S}/virtualHubs/hub{r}"; fw=f"{S}/azureFirewalls/fw{r}"
    items.append({"id":hub,"name":f"hub{r}","type":"Microsoft.Network/virtualHubs","location":loc,"properties":{"addressPrefix":f"172.16.{r*2}.0/23","virtualWan":{"id":f"{S}/virtualWans/wan"},"azureFirewall":{"id":fw}}})
    items.append({"id":fw,"name":f"fw{r}","type":"Microsoft.Network/azureFirewalls","location":loc,"properties":{"sku":{"name":"AZFW_Hub","tier":"Standard"},"virtualHub":{"id":hub},"hubIPAddresses":{"privateIPAddress":f"172.16.{r*2}.132"},"firewallPolicy":{"id":pol}}})
    if r%2==0:
        items.append({"id":hub+"/routingIntent/ri","name":"ri","type":"Microsoft.Network/virtualHubs/routingIntent","properties":{"routingPolicies":[
          {"name":"p","destinations":["PrivateTraffic"],"nextHop":fw},{"name":"i","destinations":["Internet"],"nextHop":fw}]}})
    items.append({"id":hub+"/hubRouteTables/defaultRouteTable","name":"defaultRouteTable","type":"Microsoft.Network/virtualHubs/hubRouteTables","properties":{"labels":["default"],"routes":[]}})
for s in range(N):
    r=s%len(regions); loc=regions[r]; a=10; b=s//200; c=s%200
    vn=f"{S}/virtualNetworks/spoke{s}"; nsg=f"{S}/networkSecurityGroups/nsg{s}"
    space=f"{10+b}.{c}.0.0/16"
    subs=[]
    for k in range(4):
        subs.append({"id":f"{vn}/subnets/s{k}","name":f"s{k}","properties":{"addressPrefix":f"{10+b}.{c}.{k}.0/24","networkSecurityGroup":{"id":nsg}}})
    items.append({"id":vn,"name":f"spoke{s}","type":"Microsoft.Network/virtualNetworks","location":loc,"tags":{"role":"retail-frontend" if s%10==0 else ("llm-training" if s%10==1 else "app")},"properties":{"addressSpace":{"addressPrefixes":[space]},"subnets":subs,"virtualNetworkPeerings":[]}})
    rules=[]
    for j in range(10):
        rules.append({"id":f"{nsg}/securityRules/r{j}","name":f"r{j}","properties":{"priority":100+j,"direction":"Inbound","access":"Allow" if j%3 else "Deny","protocol":"Tcp","sourcePortRange":"*","destinationPortRange":str(8000+(s+j)%50),"sourceAddressPrefix":f"10.{(s+j*13)%200}.0.0/16","destinationAddressPrefix":"*"}})
    items.append({"id":nsg,"name":f"nsg{s}","type":"Microsoft.Network/networkSecurityGroups","location":loc,"properties":{"securityRules":rules}})
    for k in range(4):
        for h in range(2):
            nic=f"{S}/networkInterfaces/nic{s}-{k}-{h}"
            items.append({"id":nic,"name":f"nic{s}-{k}-{h}","type":"Microsoft.Network/networkInterfaces","location":loc,"properties":{"ipConfigurations":[{"id":nic+"/ipConfigurations/c","name":"c","properties":{"privateIPAddress":f"{10+b}.{c}.{k}.{4+h}","subnet":{"id":f"{vn}/subnets/s{k}"}}}]}})
    items.append({"id":f"{S}/virtualHubs/hub{r}/hubVirtualNetworkConnections/c{s}","name":f"c{s}","type":"Microsoft.Network/virtualHubs/hubVirtualNetworkConnections","properties":{"remoteVirtualNetwork":{"id":vn},"enableInternetSecurity":True}})
json.dump(items,open(out,"w"))
