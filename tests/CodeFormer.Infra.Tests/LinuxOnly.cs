// The Bicep CLI fetched here is the linux-x64 build and the azd hooks are sh scripts: these tests run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
