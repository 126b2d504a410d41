using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace CodeFormer.Backend.Tests.Browser;

/// <summary>
/// Debian's Chromium driven headless through its own ChromeDriver (<c>.ci/install-chromium</c> installs both).
/// The driver and browser paths are given explicitly and Selenium Manager is kept offline, so nothing is downloaded.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    public HeadlessChromium()
    {
        if (!File.Exists(BrowserPath) || !File.Exists(DriverPath))
        {
            throw new InvalidOperationException($"The browser tests need {BrowserPath} and {DriverPath}: run `bash .ci/install-chromium` (Debian packages chromium, chromium-driver).");
        }

        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1000");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> and the page's visible text.</summary>
    public void WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}. The page shows: {Driver.FindElement(By.TagName("body")).Text}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Saves a screenshot as <paramref name="name"/>.png under the test output's screenshots folder and returns its path.</summary>
    public string Screenshot(string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
